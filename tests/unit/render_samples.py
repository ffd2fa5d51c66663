"""Articles the render tests share (test_render.py, test_views.py)."""
from __future__ import annotations

from site_builder.models import Article, Proposal


def art(id: str, date: str | None = "2026-04-01", **kw) -> Article:
    return Article(id=id, title=kw.pop("title", f"标题{id}"), body=kw.pop("body", "正文。"),
                   seed=kw.pop("seed", "001_page.txt"), date=date, **kw)


SAMPLE = [
    art("ftz", "2026-04-09", title="构筑我国向北开放的重要桥头堡",
        subtitle="——写在中国(内蒙古)自由贸易试验区获批之际", kicker="两会 | 聚焦",
        authors=("刘伟", "谢希瑶"), source="新华社", dateline="新华社呼和浩特4月9日电",
        body="第一段。\n\n## 小标题\n\n第二段。", tags=("free-trade-zone", "ports"),
        places=("满洲里", "二连浩特"), people=("曲建",), keywords=("中欧班列", "口岸"),
        summary="总体方案发布。", captions=("一列中欧班列通过二连浩特铁路口岸。",),
        proposals=(Proposal("罗青", "全国人大代表", "内蒙古某公司", "加快口岸建设",
                            statement="建议国家支持口岸基础设施升级。"),)),
    art("ftz-copy", "2026-04-09", title="构筑我国向北开放的重要桥头堡", seed="002_page.txt",
        tags=("free-trade-zone", "ports"), places=("满洲里",), duplicate_of="ftz"),
    art("rail", "2026-03-01", title="中欧班列再创新高", tags=("ports",),
        places=("二连浩特",), keywords=("中欧班列",)),
    art("arxan", None, title="阿尔山口岸即将恢复通关", tags=("ports",), places=("阿尔山",)),
    art("talent", "2025-12-30", title="工程一线淬初心", tags=("engineering-talent",)),
]
TAG_NAMES = {"ports": "口岸", "free-trade-zone": "自贸试验区"}
