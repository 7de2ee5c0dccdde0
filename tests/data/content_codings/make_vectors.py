#!/usr/bin/python3
"""Writes the content-coding test vectors in this folder with real encoders: Python's gzip and
zlib modules, Debian's python3-brotli (the reference C library; run it with /usr/bin/python3)
and the zstd command (Debian's zstd, the reference implementation). Re-run after changing it;
the outputs are committed so the tests need no Python. Also seeds the decoder's fuzz corpus
(tests/fuzz/corpus/content_decoder: a mode byte, then the encoded bytes)."""
import gzip, io, os, struct, subprocess, zlib
import brotli

here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "..", "fuzz", "corpus", "content_decoder")

text = b"".join(b"line %d: the quick brown fox jumps over the lazy dog\r\n" % i for i in range(400))
binary = bytes((i * 7919) % 256 for i in range(5000))

def gz(data, mtime=0):
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=mtime) as f:
        f.write(data)
    return out.getvalue()

def raw_deflate(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()

def zst(data, *args):
    return subprocess.run(["zstd", "-q", "-c", *args], input=data, stdout=subprocess.PIPE, check=True).stdout

def skippable(payload):  # RFC 8878 §3.1.2: magic 0x184D2A50..5F, a 4-byte size, the payload
    return struct.pack("<II", 0x184D2A5A, len(payload)) + payload

vectors = {
    "plain.txt": text,
    "binary.bin": binary,
    "text.gz": gz(text),
    "text.zlib": zlib.compress(text),          # Content-Encoding: deflate as RFC 9110 means it
    "text.rawdeflate": raw_deflate(text),      # deflate as some servers send it
    "text.br": brotli.compress(text),
    "binary.br": brotli.compress(binary, quality=5),
    "text.gz.br": brotli.compress(gz(text)),   # Content-Encoding: gzip, br
    "text.zlib.gz": gz(zlib.compress(text)),   # Content-Encoding: deflate, gzip
    "text.twomembers.gz": gz(text[:1000]) + gz(text[1000:]),
    "empty.gz": gz(b""),
    "empty.br": brotli.compress(b""),
    # A small bomb: 64 MiB of zeros in about 64 KiB.
    "zeros64m.gz": gz(b"\0" * (64 * 1024 * 1024)),
    # zstd (RFC 8878): a frame, two frames, a skippable frame first, stacked, empty.
    "text.zst": zst(text),
    "binary.zst": zst(binary, "-19"),
    "text.twoframes.zst": zst(text[:1000]) + zst(text[1000:]),
    "text.skippable.zst": skippable(b"wirepad") + zst(text),
    "text.gz.zst": zst(gz(text)),              # Content-Encoding: gzip, zstd
    "empty.zst": zst(b""),
    # 64 MiB of zeros (about 2 KiB): the output limit must stop it.
    "zeros64m.zst": zst(b"\0" * (64 * 1024 * 1024)),
    # A frame whose window is 16 MiB (streamed, so the size is unknown and the window is not
    # shrunk to fit): past the 8 MiB RFC 9659 allows HTTP recipients to require.
    "window16m.zst": zst(b"\0" * (17 * 1024 * 1024), "--long=24", "--no-content-size"),
}
for name, data in vectors.items():
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)

# Fuzz seeds: the first byte's low two bits pick the coding stack (see content_decoder_fuzz.cpp).
os.makedirs(corpus, exist_ok=True)
seeds = {
    "gzip": (0, gz(text[:300])), "deflate_zlib": (1, zlib.compress(text[:300])),
    "deflate_raw": (1, raw_deflate(text[:300])), "br": (2, brotli.compress(text[:300])),
    "gzip_br": (3, brotli.compress(gz(text[:300]))), "gzip_truncated": (0, gz(text[:300])[:40]),
    # Bit 7 picks the zstd stacks: zstd, deflate+zstd, zstd+br, gzip+zstd.
    "zstd": (0x80, zst(text[:300])), "zstd_two_frames": (0x88, zst(text[:100]) + zst(text[100:300])),
    "zstd_skippable": (0x80, skippable(b"x") + zst(text[:300])), "zstd_truncated": (0x80, zst(text[:300])[:30]),
    "deflate_zstd": (0x81, zst(zlib.compress(text[:300]))), "zstd_br": (0x82, brotli.compress(zst(text[:300]))),
    "gzip_zstd": (0x83, zst(gz(text[:300]))), "zstd_junk": (0x90, zst(text[:300]) + b"junk"),
}
for name, (mode, data) in seeds.items():
    with open(os.path.join(corpus, name), "wb") as f:
        f.write(bytes([mode]) + data)
