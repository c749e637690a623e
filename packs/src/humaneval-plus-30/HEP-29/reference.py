import re
from typing import List


def extract_numbers(text: str) -> List[int]:
    return [int(m) for m in re.findall(r"-?[0-9]+", text)]
