"""Text that editors send (titles, summaries, signatures, album and video names…) cleaned of the
characters nobody types but every paste brings: C0 and C1 control characters. Word puts a
vertical tab (U+000B) in for every manual line break (Shift+Enter); one of those in a title made
/rss.xml "not well-formed" for every feed reader, since XML 1.0 forbids most control characters.

- Line breaks in all their forms (CR LF, CR, VT, FF, the separators FS/GS/RS, NEL, U+2028/2029)
  become "\\n" in multi-line fields and one space in one-line fields (tabs too), so words on either
  side of a Word line break stay apart.
- Every other control character (U+0000–U+001F but tab and newline, U+007F–U+009F) and the
  noncharacters U+FFFE/U+FFFF are dropped.

`xml_text` is the last line for answers in XML: it drops whatever XML 1.0 does not allow, for text
stored before this cleaning existed (or written to a store by other means)."""

import re

_LINE_BREAK = "\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]"
_LINE_BREAKS = re.compile(_LINE_BREAK)
# A break with the blanks around it, in a one-line field: one space for all of it.
_ONE_LINE_BREAKS = re.compile(f"[ \t]*(?:{_LINE_BREAK})(?:[ \t]|{_LINE_BREAK})*|\t")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Outside XML 1.0's Char production (controls, lone surrogates, U+FFFE/FFFF), and the C1 controls
# it only discourages, which feed readers choke on as well.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text, one_line=True):
    """`text` without control characters; line breaks kept as "\\n" unless `one_line`, where they
    (and tabs) become one space. Does not trim: callers strip what they store."""
    if one_line:
        text = _ONE_LINE_BREAKS.sub(" ", text)
    else:
        text = _LINE_BREAKS.sub("\n", text)
    return _CONTROLS.sub("", text)


def xml_text(text):
    """`text` with every character that may not appear in an XML 1.0 document removed."""
    return _NOT_XML.sub("", text)
