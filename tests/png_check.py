#!/usr/bin/python3
"""png_check.py PNG WIDTH [MIN_HEIGHT] — is this a real screenshot?

Checks that PNG is a valid PNG (signature, chunk CRCs, IHDR first, IEND
last), that its IHDR width is WIDTH (and its height at least MIN_HEIGHT
when given), that the IDAT stream inflates to exactly the size the header
announces, and — after undoing the five PNG row filters — that the image is
not one flat colour.  Handles 8-bit greyscale, RGB, palette, grey+alpha
and RGBA without interlacing (Chromium writes 8-bit RGB/RGBA).

Prints "ok: PNG WxH, colour type T, N colours" and exits 0, or prints the
reason and exits 1 (2 for a usage error).  Standard library only.
"""

import struct
import sys
import zlib

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}   # colour type -> samples/pixel
MAX_PIXELS = 64 * 1024 * 1024


class BadPNG(Exception):
    pass


def read_chunks(data):
    if not data.startswith(SIGNATURE):
        raise BadPNG("no PNG signature")
    pos = len(SIGNATURE)
    chunks = []
    while pos < len(data):
        if pos + 12 > len(data):
            raise BadPNG("truncated chunk header at offset %d" % pos)
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise BadPNG("chunk %r runs past the end of the file" % ctype)
        body = data[pos + 8:pos + 8 + length]
        crc, = struct.unpack(">I", data[pos + 8 + length:end])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise BadPNG("bad CRC in chunk %r" % ctype)
        chunks.append((ctype, body))
        pos = end
        if ctype == b"IEND":
            break
    if not chunks or chunks[0][0] != b"IHDR":
        raise BadPNG("first chunk is not IHDR")
    if chunks[-1][0] != b"IEND":
        raise BadPNG("no IEND chunk")
    return chunks


def unfilter(raw, width, height, bpp):
    """the rows of pixel bytes, filters undone (PNG spec section 9)"""
    stride = width * bpp
    if len(raw) != height * (stride + 1):
        raise BadPNG("image data is %d bytes, want %d"
                     % (len(raw), height * (stride + 1)))
    rows = []
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        ftype = raw[pos]
        row = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += stride + 1
        if ftype == 0:
            pass
        elif ftype == 1:            # Sub
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif ftype == 2:            # Up
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev))
        elif ftype == 3:            # Average
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:            # Paeth
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                if pa <= pb and pa <= pc:
                    pred = a
                elif pb <= pc:
                    pred = b
                else:
                    pred = c
                row[i] = (row[i] + pred) & 0xFF
        else:
            raise BadPNG("row %d has unknown filter type %d" % (y, ftype))
        rows.append(row)
        prev = row
    return rows


def check(path, want_width, min_height=0):
    with open(path, "rb") as f:
        data = f.read()
    chunks = read_chunks(data)
    ihdr = chunks[0][1]
    if len(ihdr) != 13:
        raise BadPNG("IHDR is %d bytes, want 13" % len(ihdr))
    width, height, depth, ctype, comp, filt, interlace = \
        struct.unpack(">IIBBBBB", ihdr)
    if width != want_width:
        raise BadPNG("width %d, want %d" % (width, want_width))
    if height < max(1, min_height):
        raise BadPNG("height %d, want at least %d"
                     % (height, max(1, min_height)))
    if width * height > MAX_PIXELS:
        raise BadPNG("%dx%d is too large to check" % (width, height))
    if depth != 8 or ctype not in CHANNELS:
        raise BadPNG("bit depth %d, colour type %d: only 8-bit greyscale, "
                     "RGB, palette, grey+alpha, RGBA handled"
                     % (depth, ctype))
    if comp != 0 or filt != 0:
        raise BadPNG("unknown compression %d / filter method %d"
                     % (comp, filt))
    if interlace != 0:
        raise BadPNG("interlaced (Adam7) images not handled")
    idat = b"".join(body for t, body in chunks if t == b"IDAT")
    if not idat:
        raise BadPNG("no IDAT chunk")
    bpp = CHANNELS[ctype]
    try:
        d = zlib.decompressobj()
        raw = d.decompress(idat, height * (width * bpp + 1) + 1)
        if not d.eof:
            raise BadPNG("IDAT stream incomplete or too long")
    except zlib.error as e:
        raise BadPNG("IDAT does not inflate: %s" % e)
    rows = unfilter(raw, width, height, bpp)
    colours = set()
    for row in rows:
        colours.update(bytes(row[i:i + bpp]) for i in range(0, len(row), bpp))
        if len(colours) > 100000:
            break
    if len(colours) < 2:
        raise BadPNG("one flat colour (%s)" % bytes(next(iter(colours))).hex())
    return width, height, ctype, len(colours)


def main(argv):
    if len(argv) not in (2, 3) or not argv[1].isdigit() \
            or (len(argv) == 3 and not argv[2].isdigit()):
        print("usage: png_check.py PNG WIDTH [MIN_HEIGHT]", file=sys.stderr)
        return 2
    try:
        w, h, ctype, n = check(argv[0], int(argv[1]),
                               int(argv[2]) if len(argv) == 3 else 0)
    except OSError as e:
        print("%s: %s" % (argv[0], e.strerror))
        return 1
    except BadPNG as e:
        print("%s: %s" % (argv[0], e))
        return 1
    print("ok: PNG %dx%d, colour type %d, %s colours"
          % (w, h, ctype, n if n <= 100000 else "over 100000"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
