"""The GitHub Pages workflow: the official actions, the right permissions, the README's build."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def load() -> dict:
    # YAML 1.1 reads the key `on` as True: accept both spellings.
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def uses(job: dict) -> list[str]:
    return [step["uses"].split("@")[0] for step in steps(job) if "uses" in step]


def test_workflow_builds_with_the_official_pages_actions():
    data = load()
    assert data["permissions"]["pages"] == "write"
    assert data["permissions"]["id-token"] == "write"
    assert data["concurrency"]["group"]
    assert "push" in data["on"] and "workflow_dispatch" in data["on"]
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert uses(build) == ["actions/checkout", "actions/setup-python", "actions/configure-pages",
                           "actions/upload-pages-artifact"]
    assert uses(deploy) == ["actions/deploy-pages"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    for job in (build, deploy):
        for step in steps(job):
            if "uses" in step:  # pinned to a major version at least
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+(\.\d+)*", step["uses"]), step["uses"]
    upload = next(s for s in steps(build) if s.get("uses", "").startswith(
        "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "_site"


def test_workflow_installs_and_builds_with_the_pages_base_url():
    build = load()["jobs"]["build"]
    runs = [step["run"].strip() for step in steps(build) if "run" in step]
    assert "pip install ." in runs
    command = next(r for r in runs if r.startswith("site-builder build"))
    configure = next(s for s in steps(build)
                     if s.get("uses", "").startswith("actions/configure-pages"))
    assert command == (f'site-builder build --base-url '
                       f'"${{{{ steps.{configure["id"]}.outputs.base_url }}}}"')
    # the order matters: configure (for base_url), install, build, upload
    order = [s.get("uses", s.get("run", "")).split("@")[0] for s in steps(build)]
    assert order.index("actions/configure-pages") < order.index(command) < \
        order.index("actions/upload-pages-artifact")
    assert order.index("pip install .") < order.index(command)


def test_readme_publishes_with_the_same_build_command():
    build = load()["jobs"]["build"]
    command = next(s["run"].strip() for s in steps(build)
                   if s.get("run", "").startswith("site-builder build"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Publish to GitHub Pages", 1)
    assert len(section) == 2, "README has no 'Publish to GitHub Pages' section"
    assert command in section[1].split("\n## ", 1)[0]
    assert ".github/workflows/pages.yml" in section[1]
