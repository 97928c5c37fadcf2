"""Full-precision cells of the FACTOR output of tests/ref/scale_pspp.sps.

PSPP prints loadings with two decimals; its .spv file keeps the doubles.
This reads the light tables of the .spv (a zip) and writes, for each FACTOR
run, one row per item: the initial and extracted communalities and the
loading, as tests/ref/scale_pspp.csv. Run from the source root:
    pspp -o /tmp/scale_pspp.spv tests/ref/scale_pspp.sps
    python3 tests/ref/scale_pspp.py /tmp/scale_pspp.spv > tests/ref/scale_pspp.csv

A numeric cell in a light table is: its index (uint64 LE), type 1, the
value_mod byte 0x58 (none), the format (uint32), the value (double LE). The
index of a cell is row + nrows * column, rows being the items here.
"""
import struct
import sys
import zipfile

NITEMS = 12


def cells(blob):
    out = {}
    pos = 0
    while True:
        pos = blob.find(b"\x01\x58", pos)
        if pos < 0:
            return out
        if pos >= 8 and pos + 2 + 4 + 8 <= len(blob):
            index = struct.unpack_from("<Q", blob, pos - 8)[0]
            fmt = struct.unpack_from("<I", blob, pos + 2)[0]
            (x,) = struct.unpack_from("<d", blob, pos + 6)
            # formats are (type << 16) | (width << 8) | decimals
            if index < 1000 and (fmt >> 16) in (5, 40) and abs(x) < 1e6:
                out[index] = x
        pos += 2


def main():
    with zipfile.ZipFile(sys.argv[1]) as z:
        names = sorted(n for n in z.namelist()
                       if n.endswith("_lightTableData.bin"))
        tables = [cells(z.read(n)) for n in names]
    # Each FACTOR run: Communalities, Total Variance Explained, Factor Matrix.
    print("run,index,initial,extraction,loading")
    for run in range(len(tables) // 3):
        comm, _, matrix = tables[3 * run: 3 * run + 3]
        assert len(comm) == 2 * NITEMS and len(matrix) == NITEMS
        for i in range(NITEMS):
            print("%d,%d,%.17g,%.17g,%.17g" % (run + 1, i + 1, comm[i],
                                              comm[i + NITEMS], matrix[i]))


main()
