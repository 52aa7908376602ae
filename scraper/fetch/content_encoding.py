"""Bounded body decoding: Content-Encoding undone chunk by chunk, never past a limit.

httpx inflates a compressed chunk completely, so a 64 KiB chunk of a gzip or brotli bomb
may become gigabytes before anyone can count. Here every decoder produces at most ``step``
bytes per call and keeps the rest of its input pending; :class:`BodyLimiter` drains the
chain of decoders step by step, counting the *decoded* bytes, and raises as soon as the
count passes ``max_bytes``. Memory stays near ``max_bytes`` whatever the input.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from typing import Protocol

import brotli
import zstandard

from newsclean.errors import BadEncoding, BodyTooLarge

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"
STEP = 256 * 1024           # decoded bytes produced per decoder call
_ZSTD_SLICE = 8             # zstd input bytes per call: a 3-byte block header + 1 byte
#                             can expand to 128 KiB, so 8 bytes yield at most ~256 KiB
_ZLIB_SLICE = 4096          # gzip/deflate input bytes per zlib call (see Zlib)
#: largest zstd window accepted: 8 MiB, the limit RFC 9659 sets for the zstd content
#: coding (a frame may otherwise ask for up to 128 MiB of decoder memory)
ZSTD_MAX_WINDOW = 8 * 1024 * 1024




class Decoder(Protocol):
    def feed(self, data: bytes) -> None: ...
    def read(self, size: int) -> bytes: ...
    @property
    def eof(self) -> bool: ...


class Identity:
    """No encoding: hands the input through in slices."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    def read(self, size: int) -> bytes:
        out = bytes(self._buf[:size])
        del self._buf[:size]
        return out

    @property
    def eof(self) -> bool:
        """An unencoded body has no end marker: it is complete when the input is."""
        return True


class Zlib:
    """gzip (``wbits=31``) or deflate (zlib-wrapped, falling back to raw deflate).

    gzip reads every member of a multi-member stream: when one ends, zero padding is
    skipped and the next is read if the gzip magic follows; any other trailing bytes are
    ignored (logged), as browsers do. Input goes to zlib in slices of at most
    ``_ZLIB_SLICE`` bytes: zlib copies what follows a member's end, so this bounds the
    cost of each member and a body of many tiny members stays linear.
    """

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj = zlib.decompressobj(31 if gzip else zlib.MAX_WBITS)
        self._buf = bytearray()     # input not yet handed to zlib
        self._carry = b""           # input zlib handed back after a member's end
        self._started = False
        self._trailing = False      # past the last member: further input is dropped

    @property
    def eof(self) -> bool:
        """Whether the stream is complete (its last gzip member so far ended)."""
        return self._obj.eof

    def feed(self, data: bytes) -> None:
        if not self._trailing:
            self._buf += data

    def read(self, size: int) -> bytes:
        """Up to ``size`` inflated bytes; b"" once the input given so far is used up."""
        while data := self._next_input():
            out = self._decompress(data, size)
            if out:
                return out
        return b""

    def _next_input(self) -> bytes:
        """Input for the next zlib call (b"" when there is none or the stream is over)."""
        if self._obj.eof and not self._next_member():
            return b""
        if self._obj.unconsumed_tail:       # held back by the output limit
            return self._obj.unconsumed_tail
        if self._carry:
            data, self._carry = self._carry, b""
            return data
        return self._take()

    def _take(self) -> bytes:
        """The next slice of buffered input."""
        data = bytes(self._buf[:_ZLIB_SLICE])
        del self._buf[:_ZLIB_SLICE]
        return data

    def _decompress(self, data: bytes, size: int) -> bytes:
        try:
            out = self._obj.decompress(data, size)
        except zlib.error:
            if self._gzip or self._started:
                raise
            self._obj = zlib.decompressobj(-zlib.MAX_WBITS)   # raw deflate, no header
            out = self._obj.decompress(data, size)
        self._started = True
        if self._obj.eof:
            self._carry = self._obj.unused_data
        return out

    def _next_member(self) -> bool:
        """At the end of a gzip member: start the next one if the gzip magic follows.

        Returns False to wait when too few bytes are known yet, and when the stream is
        over (deflate, or trailing bytes that are not gzip, which are then dropped).
        """
        if not self._gzip or self._trailing:
            return False
        head = self._carry.lstrip(b"\0")
        while len(head) < len(GZIP_MAGIC) and self._buf:
            head = (head + self._take()).lstrip(b"\0")
        self._carry = head
        if head.startswith(GZIP_MAGIC):
            self._obj = zlib.decompressobj(31)
            return True
        if not GZIP_MAGIC.startswith(head):     # neither empty nor a partial magic
            logger.info("ignoring %d+ bytes after the gzip data", len(head) + len(self._buf))
            self._trailing = True
            self._carry, self._buf = b"", bytearray()
        return False


class Brotli:
    """brotli via ``Decompressor.process(output_buffer_limit=...)`` (brotli >= 1.2)."""

    def __init__(self) -> None:
        self._obj = brotli.Decompressor()
        self._pending = b""

    def feed(self, data: bytes) -> None:
        self._pending += data

    @property
    def eof(self) -> bool:
        """Whether the brotli stream reached its final block."""
        return bool(self._obj.is_finished())

    def read(self, size: int) -> bytes:
        if self._obj.is_finished():
            return b""
        if self._obj.can_accept_more_data():
            data, self._pending = self._pending, b""
        else:
            data = b""
        return self._obj.process(data, output_buffer_limit=size)


class Zstd:
    """zstd, frame after frame; its decompressobj has no output limit, so input goes in
    tiny slices.

    A body may be several concatenated frames (RFC 8878): when one ends, what the
    decompressor handed back and the rest of the input go to a fresh decompressobj, so
    skippable frames are passed over and bytes that are not a frame raise ZstdError.
    Every call gets at most ``_ZSTD_SLICE`` input bytes, whichever frame they belong to.
    """

    def __init__(self) -> None:
        self._dctx = zstandard.ZstdDecompressor(max_window_size=ZSTD_MAX_WINDOW)
        self._obj = self._dctx.decompressobj()
        self._buf = bytearray()     # input not yet handed to zstd
        self._carry = b""           # input zstd handed back after a frame's end (< a slice)

    @property
    def eof(self) -> bool:
        """Whether the last frame begun so far has ended."""
        return self._obj.eof

    def feed(self, data: bytes) -> None:
        self._buf += data

    def read(self, size: int) -> bytes:
        """About ``size`` decoded bytes (one slice may add ~256 KiB); b"" when out of input."""
        out = bytearray()
        while (self._carry or self._buf) and len(out) < size:
            if self._obj.eof:                   # a frame ended: the next one starts here
                self._obj = self._dctx.decompressobj()
            if self._carry:
                piece, self._carry = self._carry, b""
            else:
                piece = bytes(self._buf[:_ZSTD_SLICE])
                del self._buf[:_ZSTD_SLICE]
            out += self._obj.decompress(piece)
            if self._obj.eof:
                self._carry = self._obj.unused_data
        return bytes(out)


def make_decoder(coding: str) -> Decoder:
    """Decoder for one Content-Encoding token; raises ValueError when unsupported."""
    factories: dict[str, Callable[[], Decoder]] = {
        "gzip": lambda: Zlib(True), "x-gzip": lambda: Zlib(True),
        "deflate": lambda: Zlib(False), "br": Brotli, "zstd": Zstd,
        "identity": Identity, "": Identity}
    try:
        return factories[coding]()
    except KeyError:
        raise ValueError(f"unsupported Content-Encoding {coding!r}") from None


class BodyLimiter:
    """Undo stacked Content-Encodings with a hard cap on raw and decoded bytes."""

    def __init__(self, url: str, content_encoding: str | None, max_bytes: int) -> None:
        self.url = url
        self.max_bytes = max_bytes
        self.raw_bytes = 0
        self._size = 0
        self._parts: list[bytes] = []
        codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
        try:
            # applied in the listed order, so undone in reverse
            self._chain = [make_decoder(c) for c in reversed(codings)] or [Identity()]
        except ValueError as exc:
            raise BadEncoding(url, str(exc)) from exc
        self._passthrough = all(isinstance(d, Identity) for d in self._chain)

    def feed(self, raw: bytes) -> None:
        """Take one raw chunk off the wire; raise BodyTooLarge past the limit."""
        self.raw_bytes += len(raw)
        if self.raw_bytes > self.max_bytes:
            raise BodyTooLarge(self.url, f"body over {self.max_bytes} bytes on the wire")
        if self._passthrough:
            self._emit(raw)
            return
        self._chain[0].feed(raw)
        try:
            self._drain()
        except (zlib.error, brotli.error, zstandard.ZstdError) as exc:
            raise BadEncoding(self.url, f"corrupt compressed body: {exc}") from exc

    def _drain(self) -> None:
        progressed = True
        while progressed:
            progressed = False
            for position, decoder in enumerate(self._chain):
                out = decoder.read(STEP)
                if not out:
                    continue
                progressed = True
                if position + 1 < len(self._chain):
                    self._chain[position + 1].feed(out)
                else:
                    self._emit(out)

    def _emit(self, out: bytes) -> None:
        self._size += len(out)
        if self._size > self.max_bytes:
            raise BodyTooLarge(self.url, f"body over {self.max_bytes} bytes after decoding")
        self._parts.append(out)

    @property
    def decoded_bytes(self) -> int:
        return self._size

    def finish(self) -> None:
        """Check, after the last chunk, that every encoding layer reached its end: a gzip,
        brotli or zstd stream cut short would otherwise pass as a shorter page."""
        if self.raw_bytes and not all(decoder.eof for decoder in self._chain):
            raise BadEncoding(self.url, "truncated compressed body: the stream ends early")

    def body(self) -> bytes:
        """The decoded body so far (call after the last chunk)."""
        return b"".join(self._parts)
