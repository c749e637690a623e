import json
import pathlib

cfg = json.loads(pathlib.Path("config.json").read_text())
out = pathlib.Path(cfg["output_dir"])
out.mkdir(exist_ok=True)
total = sum(cfg["weights"].values())
(out / "report.txt").write_text(f"{cfg['title']}: total weight {total}\n")
print("report written")
