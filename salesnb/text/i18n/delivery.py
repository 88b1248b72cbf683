"""What an audience's own page says (``reports/<period>/audiences/<audience>/index.html``)."""

STRINGS: dict[str, dict[str, str]] = {
    "audience.title": {"en": "Your reports", "zh": "您的报告"},
    "audience.intro": {
        "en": "The reports of {period} that you receive, {name}. Each opens in this browser.",
        "zh": "{name}，以下是您收到的 {period} 报告，点击即可在浏览器中打开。",
    },
    "audience.report": {"en": "Report", "zh": "报告"},
    "audience.pdf": {"en": "PDF", "zh": "PDF"},
    "audience.none": {"en": "No report for you this period yet.", "zh": "本期暂无您的报告。"},
    "audience.unavailable": {
        "en": "Not available: these did not render successfully in their latest run",
        "zh": "暂不可用：以下报告最近一次生成未成功",
    },
}
