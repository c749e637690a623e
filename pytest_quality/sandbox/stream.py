"""Docker's attached exec stream: hijack, demultiplex, cap, half-close.

We read through the HTTP response's own buffered reader (it may already hold the first frames once
the headers are parsed) and write stdin / shut down on the raw socket under it.
"""

from __future__ import annotations

import queue
import re
import socket
import struct
from dataclasses import dataclass, field

# The exec wrapper's first stderr line: its PID, which is also the process group `timeout` creates.
PID_LINE = re.compile(rb"^pq-pid (\d+)\n")


def attach(api, exec_id: str):
    """Start an exec attached; returns (response, buffered reader, raw socket)."""
    res = api._post_json(
        api._url("/exec/{0}/start", exec_id),
        data={"Tty": False, "Detach": False},
        headers={"Connection": "Upgrade", "Upgrade": "tcp"},
        stream=True,
    )
    api._raise_for_status(res)
    reader = res.raw._fp.fp
    sock = raw_socket(reader)
    sock.settimeout(None)  # deadlines are enforced by the caller, not by socket timeouts
    return res, reader, sock


@dataclass
class CappedBuffer:
    """One output stream, keeping its first `limit` bytes and counting the rest."""

    limit: int
    data: bytearray = field(default_factory=bytearray)
    seen: int = 0

    def add(self, chunk: bytes) -> bool:
        """Keep at most `limit` bytes; True once the stream went past it."""
        self.seen += len(chunk)
        room = self.limit - len(self.data)
        if room > 0:
            self.data += chunk[:room]
        return self.seen > self.limit


def raw_socket(reader) -> socket.socket:
    raw = reader.raw
    return getattr(raw, "_sock", raw)


def shutdown(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def write_stdin(sock: socket.socket, data: bytes) -> None:
    try:
        sock.sendall(data)
        sock.shutdown(socket.SHUT_WR)  # the engine then closes the command's stdin
    except OSError:
        pass


def read_frames(reader, streams: dict, events: queue.Queue, pid_holder: dict) -> None:
    """Demultiplex Docker's stream frames (8-byte header: stream id, size) until EOF."""
    pending_err = b""  # stderr bytes before the wrapper's pid line is complete
    overflowed = False
    try:
        while True:
            header = reader.read(8)
            if len(header) < 8:
                break
            kind, size = struct.unpack(">BxxxL", header)
            payload = reader.read(size)
            if kind == 2 and "pid" not in pid_holder:
                pending_err += payload
                m = PID_LINE.match(pending_err)
                if m:
                    pid_holder["pid"] = int(m.group(1))
                    payload, pending_err = pending_err[m.end() :], b""
                elif b"\n" in pending_err or len(pending_err) > 64:
                    pid_holder["pid"] = 0
                    payload, pending_err = pending_err, b""
                else:
                    continue
            if kind in streams and streams[kind].add(payload) and not overflowed:
                overflowed = True
                events.put("overflow")
    except (OSError, ValueError):
        pass  # socket shut down by the deadline handling
    finally:
        events.put("eof")
