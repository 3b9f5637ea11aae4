"""The HTML report in a real browser: Debian's chromium driven by selenium and chromedriver.

A report of hostile and ordinary articles must run nothing from the articles, gain no
element from them, filter rows when the checkboxes are clicked, stay readable with
scripts off, and log no console error (a CSP violation would log one). With CI=true a
missing browser fails the run; locally these tests skip.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from linter.cli import main

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1280,1400")
ORDINARY = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "input"
PWNED = "__healthlintPwned"
HOSTILE_HTML = f"""<html><head><title>x</title></head><body>
<p>About 40% of readers <img src=x onerror="window.{PWNED}='img'"> agree.</p>
<p>Order now: <a href="javascript:window.{PWNED}='href'">the kit</a>, use code SAVE for 20% off.</p>
<p>&lt;/textarea&gt;&lt;script&gt;window.{PWNED}='entity'&lt;/script&gt; {{{{ 7*7 }}}}</p>
<textarea></textarea><script>window.{PWNED}='script'</script>
</body></html>
"""
HOSTILE_TXT = (f"Thoughts of suicide </textarea><script>window.{PWNED}='txt'</script>\n"
               f"About 30% of people <svg onload=\"window.{PWNED}='svg'\"> {{% raw %}}\n")
HOSTILE_NAME = f"<img src=x onerror=\"window.{PWNED}='path'\">.txt"


def _require_browser() -> None:
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if importlib.util.find_spec("selenium") is None:
        missing.append("the selenium package")
    if missing:
        message = f"browser tests need {', '.join(missing)}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module")
def report_url(tmp_path_factory) -> str:
    """A report of the ordinary fixture articles plus hostile ones (one with a hostile file name)."""
    folder = tmp_path_factory.mktemp("articles")
    for article in ("sleep-habits.md", "therapy-apps.html", "hostile.md"):
        shutil.copy(ORDINARY / article, folder / article)
    (folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / HOSTILE_NAME).write_text(HOSTILE_TXT, encoding="utf-8")
    output = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["check", str(folder), "-f", "html", "-o", str(output)])
    assert result.exit_code == 1, result.output
    return output.as_uri()


def _driver(profile: Path, scripts: bool = True):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if not scripts:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    _require_browser()
    driver = _driver(tmp_path_factory.mktemp("chromium-profile"))
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, report_url):
    browser.get(report_url)
    return browser


def _rows(driver) -> list[tuple[str, str, bool]]:
    from selenium.webdriver.common.by import By

    return [(row.get_attribute("data-severity"), row.get_attribute("data-rule"), row.is_displayed())
            for row in driver.find_elements(By.CSS_SELECTOR, "tbody.finding")]


def _click(driver, name: str, value: str) -> None:
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, f"#filters input[name='{name}'][value='{value}']").click()


def test_hostile_articles_run_nothing_and_inject_nothing(page):
    assert page.execute_script(f"return typeof window.{PWNED}") == "undefined"
    counts = page.execute_script("""
        var all = Array.prototype.slice.call(document.querySelectorAll('*'));
        return {
          scripts: document.scripts.length,
          styles: document.querySelectorAll('style').length,
          injected: document.querySelectorAll('img, iframe, textarea, object, embed, b').length,
          handlers: all.filter(function (el) {
            return Array.prototype.some.call(el.attributes, function (a) { return /^on/i.test(a.name); });
          }).length,
          jsLinks: document.querySelectorAll('a[href^="javascript:" i]').length
        };""")
    assert counts == {"scripts": 1, "styles": 1, "injected": 0, "handlers": 0, "jsLinks": 0}
    text = page.execute_script("return document.body.textContent")
    for payload in (f"<script>window.{PWNED} = \"script\"</script>", "</textarea><script>",
                    f"javascript:window.{PWNED}='link'", "{{ 7 * 7 }}", "{% raw %}", HOSTILE_NAME):
        assert payload in text, payload


def test_filters_hide_and_show_rows(page):
    from selenium.webdriver.common.by import By

    assert page.find_element(By.ID, "filters").is_displayed()
    rows = _rows(page)
    assert len({severity for severity, _, _ in rows}) == 2 and all(shown for _, _, shown in rows)

    _click(page, "severity", "warning")
    assert [(sev, shown) for sev, _, shown in _rows(page)] == [(sev, sev != "warning") for sev, _, _ in rows]
    _click(page, "rule", "affiliate-disclosure")
    assert [shown for _, _, shown in _rows(page)] == [
        sev != "warning" and rule != "affiliate-disclosure" for sev, rule, _ in rows]
    shown = sum(shown for _, _, shown in _rows(page))
    assert page.find_element(By.ID, "filter-status").text == f"Showing {shown} of {len(rows)} findings."

    _click(page, "severity", "warning")
    _click(page, "rule", "affiliate-disclosure")
    assert all(shown for _, _, shown in _rows(page))


def test_a_file_whose_rows_are_all_filtered_out_is_hidden(page):
    from selenium.webdriver.common.by import By

    for severity in ("error", "warning"):
        _click(page, "severity", severity)
    assert not any(section.is_displayed() for section in page.find_elements(By.CSS_SELECTOR, "section.file"))
    assert page.find_element(By.ID, "rules").is_displayed()


def test_rule_links_lead_to_the_rule_explanation(page):
    from selenium.webdriver.common.by import By

    link = page.find_element(By.CSS_SELECTOR, "tbody.finding a[href^='#rule-']")
    target = page.find_element(By.ID, link.get_attribute("href").split("#", 1)[1])
    assert link.text in target.text and "Why:" in target.text


def test_no_console_errors_and_a_screenshot(page, tmp_path_factory):
    _click(page, "severity", "error")
    _click(page, "severity", "error")
    errors = [entry for entry in page.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
    shot = tmp_path_factory.mktemp("screenshots") / "report.png"
    assert page.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_readable_with_scripts_off(report_url, tmp_path_factory):
    from selenium.webdriver.common.by import By

    _require_browser()
    driver = _driver(tmp_path_factory.mktemp("chromium-profile-noscript"), scripts=False)
    try:
        driver.get(report_url)
        assert not driver.find_element(By.ID, "filters").is_displayed()
        rows = _rows(driver)
        assert rows and all(shown for _, _, shown in rows)
        assert driver.find_element(By.ID, "filter-status").get_attribute("textContent") == ""
    finally:
        driver.quit()
