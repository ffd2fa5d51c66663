"""Every problem with a path the user gave is one line `error: path[:line]: message
(hint: ...)` and exit code 1, never a traceback (unless --debug): for each command,
with a missing path, a path of the wrong kind (a file for a folder and the other way
round) and an unreadable one. Also: `init`, the notices about defaults, and the
seeds folder's files that are not pages."""
from __future__ import annotations

import contextlib
import ctypes
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "seeds" / "004_966616f6530f4cc9.txt"
ERROR_LINE = re.compile(r"^error: (?P<path>[^:]+)(?::\d+)?: (?P<message>.+) \(hint: .+\)$")
COMMANDS = ("build", "ingest", "render", "serve", "check", "export", "eval")


def _drop_file_capabilities() -> None:
    """Run as root without the capabilities that read and write past permissions
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so that a chmod 000 path is unreadable
    as it is to any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def run(cwd: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess:
    """The command line run for real, in a process of its own."""
    preexec = _drop_file_capabilities if unprivileged and os.geteuid() == 0 else None
    return subprocess.run([sys.executable, "-m", "site_builder", *args], cwd=cwd,
                          capture_output=True, text=True, preexec_fn=preexec,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)


def fails(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """cli.main() run in this process, for a command that must stop at its path checks
    (faster than a process of its own; the installed tool is run in test_wheel.py)."""
    from site_builder.cli import main

    out, err = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def one_error(done: subprocess.CompletedProcess, path: Path | str, message: str) -> str:
    """The run failed with exactly one line naming `path` and saying `message`."""
    assert done.returncode == 1, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    match = ERROR_LINE.match(lines[0])
    assert match, lines[0]
    assert match["path"] == str(path) and message in match["message"], lines[0]
    return lines[0]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder: seeds/ with one page, an empty content/, a file and an
    unreadable folder and file to pass where folders and files belong."""
    (tmp_path / "seeds").mkdir()
    shutil.copy(SAMPLE, tmp_path / "seeds" / SAMPLE.name)
    (tmp_path / "content").mkdir()
    (tmp_path / "a-file.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked.yaml").write_text("title: x\n", encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    (tmp_path / "locked.yaml").chmod(0)
    probe = subprocess.run([sys.executable, "-c", f"import os; os.listdir({str(tmp_path / 'locked')!r})"],
                           preexec_fn=_drop_file_capabilities if os.geteuid() == 0 else None,
                           capture_output=True)
    if probe.returncode == 0:  # pragma: no cover - a system that cannot lock a folder
        pytest.skip("cannot make a folder unreadable here")
    yield tmp_path
    (tmp_path / "locked").chmod(0o755)
    (tmp_path / "locked.yaml").chmod(0o644)


def command_args(command: str, site: Path) -> list[str]:
    """Arguments that make `command` valid but for the path a test changes."""
    if command == "eval":
        return ["eval", str(REPO / "tests" / "data" / "gold_seeds.yaml")]
    return [command, "--quiet"] if command != "serve" else ["serve", "--quiet", "--port", "0"]


FOLDER_OPTIONS = [(c, "--seeds", "seeds folder") for c in ("build", "ingest", "serve")] + \
                 [(c, "--content", "content folder") for c in ("render", "export", "eval")]


@pytest.mark.parametrize("command, option, what", FOLDER_OPTIONS)
def test_a_missing_folder_is_one_line(site: Path, command: str, option: str, what: str):
    done = fails(site, *command_args(command, site), option, "nowhere")
    one_error(done, site / "nowhere", f"{what} not found")


@pytest.mark.parametrize("command, option, what", FOLDER_OPTIONS)
def test_a_file_for_a_folder_is_one_line(site: Path, command: str, option: str, what: str):
    done = fails(site, *command_args(command, site), option, "a-file.txt")
    one_error(done, site / "a-file.txt", f"{what} is a file, not a folder")


@pytest.mark.parametrize("command, option, what", FOLDER_OPTIONS)
def test_an_unreadable_folder_is_one_line(site: Path, command: str, option: str, what: str):
    done = run(site, *command_args(command, site), option, "locked", unprivileged=True)
    one_error(done, site / "locked", f"cannot read the {what}: Permission denied")


@pytest.mark.parametrize("command", ["build", "ingest", "serve"])
def test_a_file_for_the_content_folder_is_one_line(site: Path, command: str):
    done = fails(site, *command_args(command, site), "--content", "a-file.txt")
    one_error(done, site / "a-file.txt", "content folder is a file, not a folder")


@pytest.mark.parametrize("command", ["build", "render", "serve"])
def test_a_file_for_the_output_folder_is_one_line(site: Path, command: str):
    done = fails(site, *command_args(command, site), "--output", "a-file.txt")
    one_error(done, site / "a-file.txt", "output folder is a file, not a folder")


@pytest.mark.parametrize("command", ["build", "render"])
def test_an_output_folder_that_cannot_be_written_is_one_line(site: Path, command: str):
    done = run(site, *command_args(command, site), "--output", "locked/_site",
               unprivileged=True)
    one_error(done, site / "locked", "cannot write here (permission denied)")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_config_path_is_one_line(site: Path, command: str):
    args = command_args(command, site)
    one_error(fails(site, *args, "--config", "none.yaml"), "none.yaml", "config file not found")
    one_error(fails(site, *args, "--config", "a-folder"), "a-folder",
              "is a folder, not a config file")
    one_error(run(site, *args, "--config", "locked.yaml", unprivileged=True), "locked.yaml",
              "cannot read the config file: Permission denied")


def test_every_problem_of_a_config_file_is_a_line_of_its_own(site: Path):
    (site / "site.yaml").write_text("title: 测试\nper_page: many\npaths:\n  seedz: x\n",
                                    encoding="utf-8")
    done = fails(site, "build", "--quiet")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "error: site.yaml:2: 'per_page' must be a int, not str ('many')",
        "error: site.yaml:4: unknown key 'paths.seedz' (hint: known keys here: "
        f"cache, content, output, seeds, static, templates)"]


def test_a_theme_folder_the_config_names_must_exist(site: Path):
    (site / "site.yaml").write_text("title: 测试\nnewspaper: 测试报\npaths:\n  templates: mytheme\n",
                                    encoding="utf-8")
    one_error(fails(site, "render", "--quiet"), site.resolve() / "mytheme",
              "templates folder not found")
    # a folder of the default name is optional (the default theme is used), as without the key
    (site / "site.yaml").write_text("title: 测试\nnewspaper: 测试报\npaths:\n  templates: templates\n",
                                    encoding="utf-8")
    done = run(site, "render", "--quiet")
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_check_names_each_unusable_folder_on_a_line(site: Path):
    done = fails(site, "check", "--quiet", "--content", "a-file.txt", "--output", "nowhere")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        f"{site / 'a-file.txt'}: content folder is a file, not a folder "
        f"(hint: pass --content with a folder)",
        f"{site / 'nowhere'}: site folder not found (hint: run `site-builder render` or "
        f"`build` first, or pass --output DIR)"]
    done = run(site, "check", "--quiet", "--output", "locked", unprivileged=True)
    assert done.stderr.splitlines() == [
        f"{site / 'locked'}: cannot read the site folder: Permission denied "
        f"(hint: check the folder's permissions)"]


def test_eval_and_export_name_a_bad_file_path(site: Path):
    gold = ["eval", "--content", "content"]
    one_error(fails(site, *gold, "none.yaml"), "none.yaml", "annotation file not found")
    one_error(fails(site, *gold, "a-folder"), "a-folder", "is a folder, not an annotation file")
    one_error(run(site, *gold, "locked.yaml", unprivileged=True), "locked.yaml",
              "cannot read the annotation file: Permission denied")
    one_error(fails(site, "export", "--to", "a-folder"), "a-folder",
              "is a folder, not a file to write")
    one_error(fails(site, "export", "--to", "nowhere/x.jsonl"), "nowhere", "folder not found")


def test_an_unreadable_page_is_named_and_the_others_build(site: Path):
    locked = site / "seeds" / "locked.txt"
    shutil.copy(SAMPLE, locked)
    locked.chmod(0)
    try:
        done = run(site, "build", "--quiet", unprivileged=True)
    finally:
        locked.chmod(0o644)
    one_error(done, locked, "cannot read the page: Permission denied")
    assert (site / "_site" / "index.html").exists()


def test_debug_shows_the_traceback(site: Path):
    done = run(site, "build", "--seeds", "nowhere", "--debug")
    assert done.returncode == 1
    assert "Traceback" in done.stderr and "seeds folder not found" in done.stderr


def test_a_second_build_is_refused_with_one_line(site: Path):
    from site_builder.lock import build_lock

    with build_lock(site / ".cache" / "build.lock"):
        done = run(site, "build", "--quiet")
    one_error(done, site / ".cache" / "build.lock", "another build is writing this site")


# ---------------------------------------------------------------------------- seeds

def test_files_that_are_not_pages_are_named_and_skipped(site: Path):
    from site_builder.ingest.read import PAGE_SUFFIXES, PDF_READER

    seeds = site / "seeds"
    (seeds / "notes.docx").write_bytes(b"PK\x03\x04")
    (seeds / "page.pdf").write_bytes(b"%PDF-1.4\n1 0 obj\n%%EOF\n")  # a damaged PDF
    (seeds / "2026").mkdir()
    (seeds / ".hidden.txt").write_text("x", encoding="utf-8")
    done = run(site, "build")
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    pages = ", ".join(sorted(PAGE_SUFFIXES))
    assert f"warning: {seeds / 'notes.docx'}: not a page: skipped (hint: pages are {pages} " \
           f"files: give it one of these names if it holds page text, or move it out of the " \
           f"seeds folder)" in lines, lines
    (pdf,) = [line for line in lines if "page.pdf" in line]
    if PDF_READER:  # a PDF is a page: this one is named as one that cannot be read
        assert done.returncode == 1 and pdf.startswith(f"error: {seeds / 'page.pdf'}: ")
    else:
        assert done.returncode == 0 and pdf.startswith(
            f"warning: {seeds / 'page.pdf'}: not a page: skipped (hint: this version reads no PDF")
    assert f"warning: {seeds / '2026'}: a folder inside the seeds folder: not read (hint: " \
           f"pages are read from the seeds folder itself; move them up into it)" in lines
    assert not any(".hidden" in line for line in lines)
    titles = [p.read_text("utf-8") for p in (site / "content").glob("[!_]*.md")]
    assert titles and not any("%%EOF" in t for t in titles)


def test_an_empty_seeds_folder_is_a_warning(tmp_path: Path):
    (tmp_path / "seeds").mkdir()
    done = run(tmp_path, "build")
    assert done.returncode == 0, done.stderr
    assert f"warning: {tmp_path / 'seeds'}: no pages in the seeds folder" in done.stderr
    assert "1 warnings" in done.stdout


def test_without_a_site_yaml_a_notice_names_the_defaults(site: Path):
    # (render of the empty content folder: the notice is the same for every command
    # that builds, ingests or renders)
    done = run(site, "render")
    assert done.returncode == 0, done.stderr
    (notice,) = [line for line in done.stderr.splitlines() if line.startswith("notice: ")]
    assert notice.startswith(f"notice: {site}: no site.yaml here: using the defaults")
    assert "newspaper “内蒙古日报”" in notice and "hint: `site-builder init`" in notice
    assert "notice" not in run(site, "render", "--quiet").stderr
    # a site.yaml that names no paper says so too
    (site / "site.yaml").write_text("title: 我的档案\n", encoding="utf-8")
    done = run(site, "render")
    assert "notice: site.yaml: sets no newspaper" in done.stderr
    assert "sets no title" not in done.stderr


# ---------------------------------------------------------------------------- init

def test_init_makes_a_site_folder_that_builds(tmp_path: Path):
    done = run(tmp_path, "init", "北方日报")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "北方日报"
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "README.md", "seeds",
                                                        "site.yaml"]
    text = (folder / "site.yaml").read_text("utf-8")
    assert 'title: "北方日报"' in text and 'newspaper: "北方日报"' in text and "# " in text
    shutil.copy(SAMPLE, folder / "seeds")
    done = run(folder, "build")
    assert done.returncode == 0, done.stderr
    assert "notice" not in done.stderr and "Traceback" not in done.stderr
    assert "北方日报" in (folder / "_site" / "index.html").read_text("utf-8")


def test_init_with_the_theme_copies_it_and_the_copy_overrides(tmp_path: Path):
    done = run(tmp_path, "init", "paper", "--theme", "--title", "测试档案",
               "--newspaper", "测试日报")
    assert done.returncode == 0, done.stderr
    folder = tmp_path / "paper"
    for kind in ("templates", "static"):
        shipped = sorted(p.relative_to(REPO / kind) for p in (REPO / kind).rglob("*")
                         if p.is_file() and "__pycache__" not in p.parts)
        copied = sorted(p.relative_to(folder / kind) for p in (folder / kind).rglob("*")
                        if p.is_file())
        assert copied == shipped
    style = folder / "static" / "style.css"
    style.write_text(style.read_text("utf-8") + "\n/* my paper */\n", encoding="utf-8")
    (folder / "templates" / "404.html").unlink()  # falls back to the default theme's
    shutil.copy(SAMPLE, folder / "seeds")
    done = run(folder, "build")
    assert done.returncode == 0, done.stderr
    assert "/* my paper */" in (folder / "_site" / "static" / "style.css").read_text("utf-8")
    assert (folder / "_site" / "404.html").exists()
    assert "测试档案" in (folder / "_site" / "index.html").read_text("utf-8")


def test_init_refuses_to_overwrite_a_site_yaml(tmp_path: Path):
    (tmp_path / "site.yaml").write_text("title: 旧的\n", encoding="utf-8")
    done = fails(tmp_path, "init")
    one_error(done, tmp_path.resolve() / "site.yaml",
              "a site.yaml is already here: not overwritten")
    assert (tmp_path / "site.yaml").read_text("utf-8") == "title: 旧的\n"


def test_init_names_a_bad_folder(site: Path):
    one_error(fails(site, "init", "a-file.txt"), site / "a-file.txt", "is a file, not a folder")
    one_error(run(site, "init", "locked/new", unprivileged=True), site / "locked" / "new",
              "cannot write: Permission denied")


def test_a_config_elsewhere_keeps_the_default_theme_and_its_own_paths(tmp_path: Path):
    """--config /elsewhere/site.yaml: its paths are relative to its folder, and the
    templates are still found (the default theme, as there is no theme there)."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "pages").mkdir(parents=True)
    shutil.copy(SAMPLE, elsewhere / "pages")
    (elsewhere / "site.yaml").write_text("title: 别处\nnewspaper: 别处日报\npaths:\n"
                                         "  seeds: pages\n  output: out\n", encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    done = run(work, "build", "--config", str(elsewhere / "site.yaml"))
    assert done.returncode == 0, done.stderr
    assert "别处" in (elsewhere / "out" / "index.html").read_text("utf-8")
    assert (elsewhere / "content").is_dir() and not list(work.iterdir())
