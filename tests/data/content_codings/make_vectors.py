#!/usr/bin/python3
"""Writes the content-coding test vectors in this folder with real encoders: Python's gzip and
zlib modules and Debian's python3-brotli (the reference C library; run it with /usr/bin/python3). Re-run after changing it;
the outputs are committed so the tests need no Python. Also seeds the decoder's fuzz corpus
(tests/fuzz/corpus/content_decoder: a mode byte, then the encoded bytes)."""
import gzip, io, os, zlib
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
}
for name, (mode, data) in seeds.items():
    with open(os.path.join(corpus, name), "wb") as f:
        f.write(bytes([mode]) + data)
