"""Training (Art.9, 19): events, attendance in bulk or from a sheet, hours on the person's file (Art.10)."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Person
from evaluation import services
from evaluation.attendance import import_attendance
from evaluation.models import Attendance, TrainingEvent
from tests.accounts.factories import AccountFactory, PersonFactory, PractitionerFactory, resident_id
from tests.evaluation.factories import OTHER_ASSOCIATION, organisation, other_association_staff, training

pytestmark = pytest.mark.django_db


def sheet(rows, header=("姓名", "证件类型", "证件号码", "结果")) -> SimpleUploadedFile:
    book = openpyxl.Workbook()
    book.active.append(list(header))
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("出勤.xlsx", buffer.getvalue())


def practitioners_in_scope(n: int) -> list[Person]:
    account = AccountFactory(liaison_organisation=organisation())
    return [PractitionerFactory(operator=account.operator).person for _ in range(n)]


def test_association_staff_record_a_training_and_add_twenty_people_at_once(login_as, user_of):
    client = login_as("association")
    people = practitioners_in_scope(20)
    response = client.post(
        reverse("evaluation:training_create"),
        {
            "organiser": organisation().pk,
            "title": "自媒体内容编辑与传播规范培训",
            "topic": 1,
            "held_on": "2026-06-01",
            "hours": "3.5",
            "place": "良渚街道文化中心",
        },
    )
    event = TrainingEvent.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    response = client.post(
        reverse("evaluation:attend", args=[event.pk]),
        {"people": [p.pk for p in people], "result": "passed"},
    )
    assert response.status_code == 302
    assert event.attendance.count() == 20
    page = client.get(event.get_absolute_url()).content.decode()
    assert "已添加 20 人" in page
    assert Attendance.history.filter(history_user__username="association").count() == 20


def test_adding_people_twice_keeps_one_entry_each(user_of):
    staff = user_of("association")
    event = training(staff)
    people = practitioners_in_scope(3)
    assert services.record_attendance(event, people=people[:2], result="attended", by=staff) == 2
    assert services.record_attendance(event, people=people, result="attended", by=staff) == 1
    assert event.attendance.count() == 3


def test_association_staff_cannot_record_for_another_organisation(user_of):
    with pytest.raises(services.EvaluationError, match="本组织"):
        training(user_of("association"), organiser=organisation(OTHER_ASSOCIATION))


def test_association_staff_pick_only_people_in_their_scope(login_as, user_of):
    client = login_as("association")
    event = training(user_of("association"))
    outsider = PractitionerFactory(
        operator=AccountFactory(liaison_organisation=organisation(OTHER_ASSOCIATION)).operator
    )
    response = client.post(
        reverse("evaluation:attend", args=[event.pk]), {"people": [outsider.person.pk], "result": "attended"}
    )
    assert response.status_code == 400
    assert not event.attendance.exists()


def test_another_association_does_not_see_the_training(client, login_as, user_of):
    event = training(user_of("association"))
    other = client
    other.force_login(other_association_staff())
    assert other.get(event.get_absolute_url()).status_code == 404
    assert event.title not in other.get(reverse("evaluation:trainings")).content.decode()
    assert login_as("officer").get(event.get_absolute_url()).status_code == 200


def test_a_sheet_imports_every_row_and_registers_new_people(user_of):
    officer = user_of("officer")
    event = training(officer, organiser=organisation())
    known = PersonFactory(name="王芳", id_number=resident_id(sequence=7))
    rows = [
        ("王芳", "", resident_id(sequence=7), "合格"),
        ("赵六", "居民身份证", resident_id(sequence=8), ""),
    ]
    result = import_attendance(event, sheet(rows), by=officer)
    assert result.ok and result.added == 2
    assert set(event.attendance.values_list("person__name", "result")) == {
        ("王芳", "passed"),
        ("赵六", "attended"),
    }
    assert event.attendance.get(person=known)


def test_a_sheet_with_one_bad_row_imports_nothing_and_names_row_and_column(user_of):
    officer = user_of("officer")
    event = training(officer, organiser=organisation())
    rows = [
        ("赵六", "", resident_id(sequence=8), ""),
        ("钱七", "", "330110199013070011", ""),
        ("孙八", "", resident_id(sequence=9), "请假"),
    ]
    result = import_attendance(event, sheet(rows), by=officer)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "证件号码"), (4, "结果")]
    assert not event.attendance.exists()
    assert not Person.objects.filter(name="赵六").exists()


def test_a_sheet_with_a_missing_column_is_refused(user_of):
    officer = user_of("officer")
    event = training(officer, organiser=organisation())
    result = import_attendance(event, sheet([("赵六",)], header=("姓名",)), by=officer)
    assert [(e.row, e.column) for e in result.errors] == [(1, "证件号码")]


def test_the_import_page_lists_the_problems(login_as, user_of):
    officer = user_of("officer")
    event = training(officer, organiser=organisation())
    client = login_as("officer")
    response = client.post(
        reverse("evaluation:training_import", args=[event.pk]),
        {"file": sheet([("钱七", "", "330110199013070011", "")])},
    )
    assert response.status_code == 400
    assert "第 2 行" in response.content.decode() and "未导入任何记录" in response.content.decode()


def test_training_hours_are_on_the_persons_file(login_as, user_of):
    officer = user_of("officer")
    person = PersonFactory()
    first = training(officer, organiser=organisation(), hours=Decimal("3.5"))
    second = training(officer, organiser=organisation(), title="职业道德培训", hours=Decimal(2))
    services.record_attendance(first, people=[person], result="passed", by=officer)
    services.record_attendance(second, people=[person], result="absent", by=officer)
    page = login_as("officer").get(reverse("accounts:person", args=[person.pk])).content.decode()
    assert "培训经历" in page and "计入培训学时：3.5" in page and "职业道德培训" in page


def test_the_picker_offers_practitioners_not_every_person(user_of):
    from evaluation.forms import AttendanceForm

    officer = user_of("officer")
    inside = practitioners_in_scope(2)
    outsider = PractitionerFactory(
        operator=AccountFactory(liaison_organisation=organisation(OTHER_ASSOCIATION)).operator
    ).person
    PersonFactory(name="非从业人员")
    event = training(officer, organiser=organisation())
    offered = set(AttendanceForm(user=officer, event=event).fields["people"].queryset)
    assert offered == set(inside)
    cac_event = training(officer, organiser=user_of("officer").organisation)
    assert set(AttendanceForm(user=officer, event=cac_event).fields["people"].queryset) == {*inside, outsider}


def test_past_the_tick_limit_people_are_searched_by_name_not_listed(login_as, user_of, monkeypatch):
    from evaluation import forms

    monkeypatch.setattr(forms, "TICK_LIMIT", 3)
    people = practitioners_in_scope(5)
    people[0].name, people[1].name = "王良渚", "王仓前"
    for person in people[:2]:
        person.save()
    event = training(user_of("association"))
    services.record_attendance(event, people=[people[1]], result="passed", by=user_of("association"))
    client = login_as("association")
    page = client.get(event.get_absolute_url()).content.decode()
    search_url = reverse("evaluation:attend_search", args=[event.pk])
    assert f'data-search-url="{search_url}"' in page
    assert 'type="checkbox"' not in page and people[2].name not in page
    found = client.get(search_url, {"q": "良渚"}).json()["results"]
    assert found == [{"value": str(people[0].pk), "text": "王良渚"}]
    assert client.get(search_url, {"q": "仓前"}).json()["results"] == []  # on the list already
    response = client.post(
        reverse("evaluation:attend", args=[event.pk]), {"people": [people[0].pk], "result": "passed"}
    )
    assert response.status_code == 302 and event.attendance.count() == 2


def test_within_the_tick_limit_people_are_listed_to_tick(login_as, user_of):
    people = practitioners_in_scope(3)
    event = training(user_of("association"))
    page = login_as("association").get(event.get_absolute_url()).content.decode()
    assert page.count('type="checkbox"') == 3 and all(person.name in page for person in people)
    assert "data-search-url" not in page
