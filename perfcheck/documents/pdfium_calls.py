"""The pdfium functions the PDF loader calls per object and per character, with plain addresses for handles.

pypdfium2 types every handle (``LP_fpdf_pageobject_t`` and so on): each call checks its arguments' types
and wraps a returned handle in a new ctypes pointer object, about a third of the cost of a call that does
little inside pdfium (measured: walking a table page's objects, 5.3 vs 3.5 ms). A table page makes tens
of thousands of them. These are the same functions of the same loaded library, with the same calling
convention (the class of pypdfium2's own function pointers), declared with ``c_void_p`` for handles and
out-parameters: a handle is a Python int, an out-parameter the address of a buffer made once
(``ctypes.addressof``). pypdfium2's typed handles (``page.raw``) are accepted where a handle is expected.
"""

from __future__ import annotations

import ctypes
from typing import Any

import pypdfium2.raw as pdfium_c

from perfcheck.quiet import library_loaded

library_loaded()  # pypdfium2 loads logging: silenced if the command line asked (perfcheck.quiet)

_ADDRESS = ctypes.c_void_p
_INT = ctypes.c_int


def _plain(function: Any, restype: Any, *argtypes: Any) -> Any:
    plain = type(function)(ctypes.cast(function, ctypes.c_void_p).value)
    plain.restype = restype
    plain.argtypes = argtypes
    return plain


# Page objects: a page's or a form's objects, and what each is.
count_objects = _plain(pdfium_c.FPDFPage_CountObjects, _INT, _ADDRESS)
get_object = _plain(pdfium_c.FPDFPage_GetObject, _ADDRESS, _ADDRESS, _INT)
count_form_objects = _plain(pdfium_c.FPDFFormObj_CountObjects, _INT, _ADDRESS)
get_form_object = _plain(pdfium_c.FPDFFormObj_GetObject, _ADDRESS, _ADDRESS, ctypes.c_ulong)
object_type = _plain(pdfium_c.FPDFPageObj_GetType, _INT, _ADDRESS)
object_matrix = _plain(pdfium_c.FPDFPageObj_GetMatrix, _INT, _ADDRESS, _ADDRESS)
object_bounds = _plain(pdfium_c.FPDFPageObj_GetBounds, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)
text_object_font = _plain(pdfium_c.FPDFTextObj_GetFont, _ADDRESS, _ADDRESS)
font_is_embedded = _plain(pdfium_c.FPDFFont_GetIsEmbedded, _INT, _ADDRESS)

# Paths and their segments.
path_draw_mode = _plain(pdfium_c.FPDFPath_GetDrawMode, _INT, _ADDRESS, _ADDRESS, _ADDRESS)
count_segments = _plain(pdfium_c.FPDFPath_CountSegments, _INT, _ADDRESS)
get_segment = _plain(pdfium_c.FPDFPath_GetPathSegment, _ADDRESS, _ADDRESS, _INT)
segment_point = _plain(pdfium_c.FPDFPathSegment_GetPoint, _INT, _ADDRESS, _ADDRESS, _ADDRESS)
segment_type = _plain(pdfium_c.FPDFPathSegment_GetType, _INT, _ADDRESS)
segment_close = _plain(pdfium_c.FPDFPathSegment_GetClose, _INT, _ADDRESS)

# A text page's characters.
char_code = _plain(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _ADDRESS, _INT)
char_is_generated = _plain(pdfium_c.FPDFText_IsGenerated, _INT, _ADDRESS, _INT)
char_origin = _plain(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
char_loose_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
char_matrix = _plain(pdfium_c.FPDFText_GetMatrix, _INT, _ADDRESS, _INT, _ADDRESS)
char_font_size = _plain(pdfium_c.FPDFText_GetFontSize, ctypes.c_double, _ADDRESS, _INT)
count_rects = _plain(pdfium_c.FPDFText_CountRects, _INT, _ADDRESS, _INT, _INT)
get_rect = _plain(pdfium_c.FPDFText_GetRect, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS, _ADDRESS, _ADDRESS)


def address(handle: Any) -> int:
    """The address behind one of pypdfium2's typed handles (``page.raw``, ``textpage.raw``)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0
