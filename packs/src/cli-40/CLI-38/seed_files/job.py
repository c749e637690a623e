import os
import pathlib
import sys

lock = pathlib.Path("job.lock")
if lock.exists():
    sys.exit(f"job.lock exists (pid {lock.read_text().strip()}): another run is in progress")
lock.write_text(str(os.getpid()))
try:
    out = pathlib.Path("out")
    out.mkdir(exist_ok=True)
    for src in sorted(pathlib.Path("input").glob("*.txt")):
        words = src.read_text().split()
        (out / (src.stem + ".count")).write_text(f"{len(words)}\n")
    (out / "DONE").write_text("ok\n")
finally:
    lock.unlink()
