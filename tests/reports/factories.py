"""Reports built through the services, so every test starts from a state the portal can reach."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Platform, ProhibitedContent
from reports import evidence, services
from reports.models import Report

# The officers' POST-only report URLs, one per transition (reports/urls.py).
TRANSITION_URLS = [
    "accept",
    "refuse",
    "assign",
    "start_verification",
    "verify",
    "reclassify",
    "handle",
    "close",
    "merge",
    "extend",
    "note",
    "link_account",
    "create_account",
]


def png_upload(name: str = "shot.png", size=(64, 48), color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def report_fields(**overrides) -> dict:
    fields = {
        "platform": Platform.objects.get(code="douyin"),
        "reported_name": "余杭吃瓜君",
        "reported_profile_url": "",
        "content_url": "https://www.douyin.com/video/7300000000000000001",
        "category": ProhibitedContent.objects.get(code="P06"),
        "description": "该账号发布视频称良渚某小区发生重大事故，经查为编造。",
    }
    fields.update(overrides)
    return fields


def submitted(images: int = 0, contact=None, **overrides) -> tuple[Report, services.Receipt]:
    processed = [evidence.process_image(png_upload(f"shot{i}.png")) for i in range(images)]
    receipt = services.submit_report(images=processed, contact=contact, **report_fields(**overrides))
    return Report.objects.get(number=receipt.number), receipt
