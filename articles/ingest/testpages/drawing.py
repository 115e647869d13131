"""Drawing primitives: text, rules, boxes and a photo on a ReportLab canvas, and body copy
poured into columns."""

import io

FONT = "STSong-Light"


class Writer:
    """Lines of text on a ReportLab canvas, in top-left page coordinates."""

    def __init__(self, canvas, style):
        from reportlab.pdfbase import pdfmetrics

        self.c = canvas
        self.style = style
        self.width = pdfmetrics.stringWidth
        self.height = style.page[1]

    def text(self, x: float, top: float, size: float, text: str, bold: bool = False):
        c = self.c
        t = c.beginText()
        t.setFont(FONT, size)
        if bold:
            t.setTextRenderMode(2)
            c.setLineWidth(size / 40)
        t.setTextOrigin(x, self.height - (top + 0.73 * size))
        t.textOut(text)
        c.drawText(t)

    def w(self, text: str, size: float) -> float:
        return self.width(text, FONT, size)

    def wrap(self, text: str, size: float, width: float, indent: float = 0) -> list[str]:
        lines, line, used = [], "", indent
        for ch in text:
            cw = self.w(ch, size)
            if used + cw > width + 0.01 and line:
                lines.append(line)
                line, used = "", 0
            line += ch
            used += cw
        if line:
            lines.append(line)
        return lines

    def centred(self, x, top, width, size, text, bold=False):
        self.text(x + (width - self.w(text, size)) / 2, top, size, text, bold)

    def rule(self, x0, y0, x1, y1, width=0.6):
        self.c.setLineWidth(width)
        self.c.line(x0, self.height - y0, x1, self.height - y1)

    def box(self, x, y, w, h):
        self.c.setLineWidth(0.8)
        self.c.rect(x, self.height - y - h, w, h, stroke=1, fill=0)

    def image(self, x, y, w, h, image):
        self.c.drawImage(image, x, self.height - y - h, w, h)


class Flow:
    """Body copy poured into columns: paragraphs indented two characters, subheadings centred."""

    def __init__(self, paragraphs: list, continued: bool = False):
        self.items = [list(p) for p in paragraphs]
        self.continued = continued  # the first paragraph goes on from an earlier page
        self.placed: list = []  # [kind, text] as printed

    def pour(self, writer: Writer, columns: list, size: float, leading: float, reserve=0):
        """Set as much as fits; ``reserve`` keeps lines free at the foot of the last column."""
        col = 0
        x, top, width, height = columns[0]
        y = top
        while self.items:
            kind, text = self.items[0]
            bottom = top + height - (reserve * leading if col == len(columns) - 1 else 0)
            if kind == "h":
                gap = leading * 0.5 if y > top else 0
                if y + gap + 2 * leading > bottom:  # a subheading never ends a column
                    col += 1
                    if col == len(columns):
                        return col - 1, y
                    x, top, width, height = columns[col]
                    y = top
                    continue
                writer.centred(x, y + gap, width, size + 1, text)
                y += gap + leading + 2
                self.placed.append(["h", text])
                self.items.pop(0)
                continue
            indent = 0 if self.continued else 2 * size
            lines = writer.wrap(text, size, width, indent)
            done = ""
            for i, line in enumerate(lines):
                if y + size > bottom:
                    break
                writer.text(x + (indent if i == 0 else 0), y, size, line)
                y += leading
                done += line
            if done:
                if self.continued and self.placed:
                    self.placed[-1][1] += done
                else:
                    self.placed.append(["p", done])
            if len(done) == len(text):
                self.items.pop(0)
                self.continued = False
                continue
            # The column is full: go on in the next one without an indent.
            self.items[0][1] = text[len(done) :]
            self.continued = True
            col += 1
            if col == len(columns):
                return col - 1, y
            x, top, width, height = columns[col]
            y = top
        return col, y


def columns(x, y, w, h, n, gutter=10):
    """``n`` columns of a module, ``gutter`` apart: (x, y, w, h) each."""
    cw = (w - gutter * (n - 1)) / n
    return [(x + i * (cw + gutter), y, cw, h) for i in range(n)]


def fit(paragraphs: list, capacity: int) -> list:
    """Paragraphs cut to about ``capacity`` characters, at a sentence end."""
    out, total = [], 0
    for kind, text in paragraphs:
        if total + len(text) <= capacity:
            out.append((kind, text))
            total += len(text)
            continue
        if kind == "p":
            cut = text[: capacity - total]
            end = max(cut.rfind("。"), cut.rfind("！"), cut.rfind("？"))
            if end > 10:
                out.append((kind, cut[: end + 1]))
        break
    while out and out[-1][0] == "h":
        out.pop()
    return out


def photo():
    """A small gradient JPEG standing for a news photo."""
    from PIL import Image

    image = Image.new("RGB", (96, 64))
    image.putdata([(x * 2, y * 3, 120) for y in range(64) for x in range(96)])
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=70)
    buffer.seek(0)
    return buffer
