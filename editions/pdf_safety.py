"""Active content in a PDF: what a page PDF may not carry, found by walking its structure.

Every object of the file is visited with pikepdf (qpdf), those inside compressed object
streams too, so nothing hides from the check by where it is written; a raw scan of the
bytes outside streams is a net under the walk. Used by ``editions.validators``.
"""

import re

import pikepdf

# Actions that run something, leave the file or send data: refused wherever they sit.
_PDF_FORBIDDEN_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/ResetForm",
    "/GoToR",
    "/GoToE",
    "/GoTo3DView",
    "/Rendition",
    "/RichMediaExecute",
    "/Sound",
    "/Movie",
    "/Hide",
    "/SetOCGState",
    "/Trans",
}
# Keys that carry a script, an embedded file or an XFA form, in any dictionary.
_PDF_FORBIDDEN_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMediaContent"}
_PDF_FORBIDDEN_ANNOTATIONS = {
    "/FileAttachment",
    "/Sound",
    "/Movie",
    "/Screen",
    "/RichMedia",
    "/3D",
}
# What a link may do: go to a place in the document, or to a web address.
_PDF_LINK_ACTIONS = {"/GoTo", "/URI", "/Named"}
# The same names looked for in the raw file outside its streams (whose compressed bytes may
# hold any sequence), after #xx escapes are decoded: a net under the structural walk for
# entries qpdf drops as null (a dangling reference) or for files it reads differently.
_PDF_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.S)
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_ACTIVE_NAMES = re.compile(
    rb"/(?:JavaScript|JS|Launch|EmbeddedFiles?|RichMedia|XFA|SubmitForm|ImportData|GoToE)"
    rb"(?![A-Za-z0-9])"
)
# Nesting deeper than this within one object is refused as malformed.
_PDF_MAX_DEPTH = 64


def active_in(obj, depth: int = 0) -> bool:
    """Whether a PDF object, or a direct object inside it, is active content.

    Indirect children are not followed: every indirect object is visited on its own.
    """
    if depth > _PDF_MAX_DEPTH:
        raise ValueError("PDF objects nested too deep")
    if isinstance(obj, pikepdf.Stream):
        obj = obj.stream_dict
    if isinstance(obj, pikepdf.Dictionary):
        keys = set(obj.keys())
        if keys & _PDF_FORBIDDEN_KEYS:
            return True
        action = obj.get("/S")
        if isinstance(action, pikepdf.Name) and str(action) in _PDF_FORBIDDEN_ACTIONS:
            return True
        subtype = obj.get("/Subtype")
        if (
            obj.get("/Type") in (None, pikepdf.Name.Annot)
            and isinstance(subtype, pikepdf.Name)
            and str(subtype) in _PDF_FORBIDDEN_ANNOTATIONS
        ):
            return True
        children = obj.values()
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return False
    return any(
        active_in(child, depth + 1)
        for child in children
        if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream))
        and not child.is_indirect
    )


def _action_type(action) -> str | None:
    if isinstance(action, pikepdf.Dictionary):
        kind = action.get("/S")
        return str(kind) if isinstance(kind, pikepdf.Name) else "?"
    return None


def raw_active_names(data: bytes) -> bool:
    outside_streams = _PDF_STREAM.sub(b"", data)
    outside_streams = _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), outside_streams)
    return _PDF_ACTIVE_NAMES.search(outside_streams) is not None


def has_active_parts(pdf: pikepdf.Pdf) -> bool:
    """Whether a PDF carries anything that runs, opens, sends or embeds.

    Every object of the file is visited, those inside compressed object streams too, so
    nothing hides from the check by where it is written. On top of the refused actions and
    keys: the document and its pages may do nothing when opened or shown (/OpenAction other
    than going to a place, /AA), an /AcroForm with XFA or scripts is refused, and annotations
    may only link within the document or to a web address.
    """
    root = pdf.Root
    if _action_type(root.get("/OpenAction")) not in (None, "/GoTo"):
        return True
    if "/AA" in root:
        return True
    names = root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and (
        "/JavaScript" in names or "/EmbeddedFiles" in names
    ):
        return True
    for page in pdf.pages:
        if "/AA" in page.obj:
            return True
        for annotation in page.obj.get("/Annots", []):
            if not isinstance(annotation, pikepdf.Dictionary):
                continue
            if "/AA" in annotation:
                return True
            if _action_type(annotation.get("/A")) not in (None, *_PDF_LINK_ACTIONS):
                return True
    for obj in pdf.objects:
        if active_in(obj):
            return True
    return False
