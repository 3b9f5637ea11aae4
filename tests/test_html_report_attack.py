"""The HTML report under attack, in real headless Chromium (Debian's, via selenium).

Articles carry script tags, event handlers, javascript: and data: URLs, `</style>`,
Jinja syntax and attribute-breaking quotes; a file name and a custom rule's message
and documentation carry them too. The report must show all of it as text: no script
from them runs (the global every payload would set stays unset), no element comes
from them (every element is one the template writes, and none carries a handler),
and the page's Content-Security-Policy holds (an inline script or handler added
later is refused, and the page itself violates nothing).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from test_html_report_browser import PWNED, _driver, _require_browser

TEMPLATE = Path(__file__).resolve().parent.parent / "linter" / "reporters" / "templates" / "report.html.j2"
SET = f"window.{PWNED}"
HOSTILE_MD = f"""\
# Sleep <script>{SET}='heading'</script>

<script>{SET}='block'</script>
About 40% of adults </style><script>{SET}='style'</script> sleep badly.

Nearly 30% of people <img src=x onerror="{SET}='img'"> wake up at night {{{{ 7*7 }}}} {{% for x in y %}}.

Order the kit [here](javascript:{SET}='js-link'), use code SAVE for 20% off.

Try the [sampler](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) ![x](data:image/svg+xml,<svg onload="{SET}='data'">) \
now, start your free trial.

- Half of all teens " onmouseover="{SET}='dq' x=" sleep late
- Half of all teens ' onfocus='{SET}='sq'' autofocus=' sleep late
- Half of all teens " onmouseover="{SET}='dq' x=" sleep late
"""
HOSTILE_HTML = f"""<html><head><title>t</title><style>body{{}}</style></head><body>
<p>About 40% of readers <iframe src="javascript:{SET}='iframe'"></iframe> agree {{{{ '' }}}} {{% raw %}}.</p>
<p>Order now: <a href="data:text/html,&lt;script&gt;{SET}='a'&lt;/script&gt;" rel="sponsored">the kit</a>.</p>
<p>Over 10% of &lt;/style&gt;&lt;script&gt;{SET}='entity'&lt;/script&gt; adults &quot;snore&quot; &#39;loudly&#39;.</p>
<object data="javascript:{SET}='object'"></object><embed src="javascript:{SET}='embed'">
</body></html>
"""
HOSTILE_NAMES = (f'a"><img src=x onerror="{SET}=\'path\'">.md', f"b'><svg onload='{SET}=1'>.txt")
HOSTILE_RULE = f"""\
id: reviewed
kind: required
severity: warning
summary: 'Say who reviewed it </style><script>{SET}="summary"</script>'
why: "Trust \\" onmouseover=\\"{SET}='why'\\" {{{{ 7*7 }}}}"
docs: "<img src=x onerror=\\"{SET}='docs'\\"> {{% include 'x' %}}"
example:
  bad: "</pre><script>{SET}='example'</script>"
  good: "Medically reviewed by Dr. Ana Ruiz."
messages:
  missing: "No \\"reviewer\\" named ' onclick='{SET}=1' <b onmouseover=\\"{SET}='message'\\">add one</b>."
options:
  statements: [[reviewed]]
  parts:
    reviewed:
      phrases: ["medically reviewed by"]
"""


@pytest.fixture(scope="module")
def attacked_report(tmp_path_factory) -> tuple[str, dict]:
    """The report (file URI) of the hostile articles, and the same run's JSON report."""
    folder = tmp_path_factory.mktemp("attack")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "hostile.md").write_text(HOSTILE_MD, encoding="utf-8")
    (articles / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    for name in HOSTILE_NAMES:
        (articles / name).write_text(HOSTILE_MD, encoding="utf-8")
    (folder / "house").mkdir()
    (folder / "house" / "reviewed.yaml").write_text(HOSTILE_RULE, encoding="utf-8")
    runs = {}
    for output_format in ("html", "json"):
        result = subprocess.run([sys.executable, "-m", "linter", "check", "--rules", "house", "-f", output_format,
                                 "-o", f"report.{output_format}", "articles"], cwd=folder, capture_output=True,
                                text=True, timeout=300)
        assert (result.returncode, result.stderr) == (1, ""), result.stderr
        runs[output_format] = folder / f"report.{output_format}"
    return runs["html"].as_uri(), json.loads(runs["json"].read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def attacked_page(attacked_report, tmp_path_factory):
    _require_browser()
    driver = _driver(tmp_path_factory.mktemp("chromium-profile-attack"))
    driver.get(attacked_report[0])
    yield driver
    driver.quit()


def test_the_attack_reaches_the_report(attacked_report):
    _, report = attacked_report
    rules = {f["rule"] for f in report["findings"]}
    assert {"reviewed", "unsourced-statistic", "affiliate-disclosure", "duplicate-list-item"} <= rules
    assert {f["path"] for f in report["findings"]} >= {f"articles/{name}" for name in HOSTILE_NAMES}


def test_no_script_from_the_attack_runs(attacked_page):
    time.sleep(0.5)  # let any injected handler or late script fire
    assert attacked_page.execute_script(f"return typeof {SET}") == "undefined"


def test_every_element_is_one_the_template_writes(attacked_page):
    template_tags = set(re.findall(r"<([a-z][a-z0-9]*)[\s>/]", TEMPLATE.read_text(encoding="utf-8")))
    counts = attacked_page.execute_script("""
        var all = Array.prototype.slice.call(document.querySelectorAll('*'));
        var tags = {};
        all.forEach(function (el) { var t = el.tagName.toLowerCase(); tags[t] = (tags[t] || 0) + 1; });
        return {
          tags: tags,
          handlers: all.filter(function (el) {
            return Array.prototype.some.call(el.attributes, function (a) { return /^on/i.test(a.name); });
          }).length,
          badUrls: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i], [href^="data:" i], '
                                             + '[src^="data:" i], [data^="javascript:" i]').length,
          autofocus: document.querySelectorAll('[autofocus]').length
        };""")
    assert set(counts["tags"]) <= template_tags, set(counts["tags"]) - template_tags
    assert counts["tags"]["script"] == 1 and counts["tags"]["style"] == 1
    assert not {"img", "iframe", "object", "embed", "b"} & set(counts["tags"])
    assert (counts["handlers"], counts["badUrls"], counts["autofocus"]) == (0, 0, 0)


def test_the_attack_shows_as_text(attacked_page, attacked_report):
    _, report = attacked_report
    text = attacked_page.execute_script("return document.body.textContent")
    payloads = (f"</style><script>{SET}='style'</script>", f"<img src=x onerror=\"{SET}='img'\">",
                "{{ 7*7 }}", "{% for x in y %}", f"javascript:{SET}='js-link'", "data:text/html;base64,",
                f"\" onmouseover=\"{SET}='dq' x=\"", f"' onfocus='{SET}='sq'' autofocus='", *HOSTILE_NAMES,
                f"<b onmouseover=\"{SET}='message'\">add one</b>", f"Say who reviewed it </style><script>{SET}=",
                "{% include 'x' %}", f"</pre><script>{SET}='example'</script>")
    for payload in payloads:
        assert payload in text, payload
    rows = attacked_page.execute_script("return document.querySelectorAll('tbody.finding').length")
    assert rows == len(report["findings"])


def test_the_content_security_policy_holds(attacked_page):
    policy = attacked_page.execute_script(
        "return document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]').content")
    assert policy.startswith("default-src 'none'; script-src 'sha256-") and "unsafe-inline" not in policy
    assert [e for e in attacked_page.get_log("browser") if e["level"] == "SEVERE"] == []
    # Markup added after load, as an injection would add it, is refused by the policy.
    attacked_page.execute_script("""
        window.healthlintViolations = 0;
        document.addEventListener('securitypolicyviolation', function () { window.healthlintViolations += 1; });
        var script = document.createElement('script');
        script.textContent = "window.healthlintProbe = 'inline script'";
        document.body.appendChild(script);
        var holder = document.createElement('div');
        holder.innerHTML = '<img src="data:," onerror="window.healthlintProbe = \\'handler\\'">';
        document.body.appendChild(holder);""")
    time.sleep(0.5)
    assert attacked_page.execute_script("return typeof window.healthlintProbe") == "undefined"
    assert attacked_page.execute_script("return window.healthlintViolations") >= 2
