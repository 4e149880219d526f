"""Render one part of a larger PDF in a process of its own, so that the memory WeasyPrint
keeps after a render (it is not given back inside one process) goes when the process ends.

    python -m core.pdf_part FOLDER [FOLDER …]

reads each FOLDER/part.html and writes FOLDER/part.pdf and FOLDER/part.json: {"pages",
"anchors", "peak_kib"}, one folder after the other. It runs with the parent's environment
(Django settings, storages) and is started by `core.pdf.render_parts`, also from a Celery
prefork worker, whose daemon processes may not have multiprocessing children.
"""

import json
import os
import sys
from pathlib import Path


def main(folders: list[Path]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from core.pdf import render_html_in_parts
    from core.process_memory import own_peak_kib

    for folder in folders:
        html = (folder / "part.html").read_text(encoding="utf-8")
        pdf, pages, anchors = render_html_in_parts(html)
        (folder / "part.pdf").write_bytes(pdf)
        del pdf
        peak_kib = own_peak_kib()
        (folder / "part.json").write_text(
            json.dumps({"pages": pages, "anchors": anchors, "peak_kib": peak_kib}), encoding="utf-8"
        )


if __name__ == "__main__":
    main([Path(argument) for argument in sys.argv[1:]])
