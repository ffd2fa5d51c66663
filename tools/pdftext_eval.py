#!/usr/bin/env python3
"""The generated PDF pages (tests/pdfgen.py) read three ways by poppler's pdftotext (its
default, -layout and -raw output) and ingested as text pages, scored against the PDFs'
own gold: what reading the PDF directly is compared with (issue 15). Needs pdftotext
(Debian's poppler-utils).

    python tools/pdftext_eval.py [MODE]    # MODE: print that mode's wrong fields
"""
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import pdfgen  # noqa: E402

modes = {'default': [], 'layout': ['-layout'], 'raw': ['-raw']}
for mode, flags in modes.items():
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        (d / 'seeds').mkdir()
        pages = []
        for name in pdfgen.LAYOUTS:
            pdfgen.make_pdf(name, d / f'{name}.pdf')
            subprocess.run(['pdftotext', *flags, str(d/f'{name}.pdf'), str(d/'seeds'/f'{name}.txt')], check=True)
            pages.append((name, f'{name}.txt'))
        pdfgen.write_gold(d/'gold.yaml', pages)
        (d/'site.yaml').write_text('newspaper: 内蒙古日报\n')
        subprocess.run([sys.executable, '-m', 'site_builder', 'ingest', '--quiet', '--no-cache'], cwd=d)
        out = subprocess.run([sys.executable, '-m', 'site_builder', 'eval', 'gold.yaml'] + (['--verbose'] if len(sys.argv) > 1 and sys.argv[1] == mode else []), cwd=d, capture_output=True, text=True).stdout
        if len(sys.argv) > 1 and sys.argv[1] == mode: print(out)
        print(mode, out.strip().splitlines()[-1])
