"""The demo data as data: valid identities, real communes, NFC text, budgets that add
up. No database."""

from __future__ import annotations

import dataclasses
import unicodedata
from decimal import Decimal

from vietnam_provinces import Ward

from motcua.accounts.constants import RoleCode
from motcua.accounts.validators import validate_citizen_id, validate_tax_code
from motcua.catalog.constants import OnlineMode, ParticipantRole, TimeUnit
from motcua.demo.data import organisation, people
from motcua.demo.data.procedures import PROCEDURES
from motcua.demo.loader import demo_accounts


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [s for f in dataclasses.fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, tuple):
        return [s for item in value for s in _strings(item)]
    return []


def test_every_text_is_nfc():
    specs = (
        *organisation.AGENCIES,
        *organisation.ONE_STOP_UNITS,
        *people.STAFF,
        *people.CITIZENS,
        *PROCEDURES,
    )
    texts = [text for spec in specs for text in _strings(spec)]
    assert len(texts) > 500
    assert [t for t in texts if not unicodedata.is_normalized("NFC", t)] == []


def test_the_demo_communes_are_real_wards_of_the_new_vinh_long():
    wards = {int(w.code): w for w in Ward.iter_all()}
    expected = {
        29551: "Phường Long Châu",
        29557: "Phường Phước Hậu",
        29590: "Phường Thanh Đức",
        28777: "Phường An Hội",
        29242: "Phường Trà Vinh",
    }
    for code, name in expected.items():
        assert wards[code].name == name
        assert int(wards[code].province_code) == 86
    communes = [a for a in organisation.AGENCIES if a.code in organisation.COMMUNE_COMMITTEES]
    assert {int(a.division_code or 0) for a in communes} == set(expected)


def test_citizen_ids_encode_birth_province_gender_and_year():
    expected = {
        # citizen ID: (birth province, 4th digit, year of birth)
        "086085001234": ("086", "0", 1985),
        "083190004567": ("083", "1", 1990),
        "084201007890": ("084", "2", 2001),
        "086178012345": ("086", "1", 1978),
        "083095023456": ("083", "0", 1995),
    }
    assert {c.citizen_id for c in people.CITIZENS} == set(expected)
    for citizen in people.CITIZENS:
        validate_citizen_id(citizen.citizen_id)
        province, digit, year = expected[citizen.citizen_id]
        assert citizen.citizen_id[:3] == province
        assert citizen.citizen_id[3] == digit
        assert citizen.date_of_birth.year == year
        assert citizen.gender == ("male" if digit in "02" else "female")


def test_the_business_tax_code_passes_the_check_digit():
    # 1,5,0,0,2,3,4,5,6 weighted 31,29,23,19,17,13,7,5,3 sum to 320; 320 mod 11 = 1;
    # the check digit is 10 - 1 = 9.
    assert [o.tax_code for o in people.ORGANISATIONS] == ["1500234569"]
    validate_tax_code("1500234569")


def test_procedure_codes_are_unique_and_there_are_at_least_25():
    codes = [p.code for p in PROCEDURES]
    assert len(codes) == len(set(codes))
    assert len(codes) >= 25
    for code in ("1.001193", "1.000894", "1.000656", "2.000815", "2.000488", "1.013225"):
        assert code in codes


def test_step_budgets_split_each_time_limit():
    for spec in PROCEDURES:
        total = sum((step.budget for step in spec.steps), Decimal(0))
        if spec.time_limit_unit == TimeUnit.SAME_DAY:
            assert total <= 8, spec.code
        else:
            assert total == spec.time_limit_value, spec.code


def test_every_step_of_a_linked_procedure_names_one_of_its_agencies():
    linked = [spec for spec in PROCEDURES if spec.participants]
    assert {spec.code for spec in linked} == {"2.000986", "2.002622", "1.013978", "1.012792"}
    for spec in linked:
        keys = {p.key for p in spec.participants}
        assert [p.role for p in spec.participants].count(ParticipantRole.LEAD) == 1
        assert {step.participant for step in spec.steps} == keys, spec.code


def test_online_modes_are_mixed_and_some_procedures_are_on_the_spot():
    assert {spec.online_mode for spec in PROCEDURES} == set(OnlineMode.values)
    on_the_spot = {spec.code for spec in PROCEDURES if spec.on_the_spot}
    assert on_the_spot == {"2.000815", "2.000884", "1.005092"}


def test_demo_accounts_cover_every_role_with_unique_usernames():
    accounts = demo_accounts()
    usernames = [a.username for a in accounts]
    assert len(usernames) == len(set(usernames))
    assert set(RoleCode.values) <= {a.role for a in accounts}
    assert {a.password for a in accounts} == {"MotCua@2026"}
