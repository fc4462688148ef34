import io, time, zipfile
import pytest
from django.db import connection
from maillage.collection import pseudonymised, consents
from maillage.collection.models import ConsentRecord

@pytest.mark.django_db
def test_measure(world):
    org = world.organisations["falaises"]
    pseudonymised.build(org)  # warm
    runs = []
    for _ in range(3):
        t = time.perf_counter(); data, counts = pseudonymised.build(org); runs.append(time.perf_counter() - t)
    t = time.perf_counter(); scrub = pseudonymised.Scrubber(pseudonymised.known_names(org)); ts = time.perf_counter() - t
    raw = []
    for _ in range(3):
        t = time.perf_counter()
        with connection.cursor() as c:
            for sql in [
                "select r.id, r.respondent_name, r.submitted_at, r.channel, r.respondent_group from collection_response r join collection_survey s on s.id=r.survey_id where s.organisation_id=%s",
                "select a.response_id, a.question_id, a.text, a.number, a.choices, a.date from collection_answer a join collection_response r on r.id=a.response_id join collection_survey s on s.id=r.survey_id where s.organisation_id=%s",
                "select t.id, t.author_name, t.text, t.context from collection_testimony t where t.organisation_id=%s",
                "select x.session_id, x.grp, x.count from (select at.session_id, at.\"group\" as grp, at.count, a.organisation_id from collection_attendance at join collection_activitysession se on se.id=at.session_id join collection_activity a on a.id=se.activity_id) x where x.organisation_id=%s",
                "select p.activitysession_id, pa.name from collection_activitysession_participants p join collection_participant pa on pa.id=p.participant_id where pa.organisation_id=%s",
                "select v.date, v.hours from collection_volunteertime v where v.organisation_id=%s",
                "select r.received_on, r.channel from collection_receptionrequest r where r.organisation_id=%s",
                "select m.person_name from organisations_mandate m join organisations_governingbody b on b.id=m.body_id where b.organisation_id=%s",
            ]:
                c.execute(sql, [org.pk]); c.fetchall()
        raw.append(time.perf_counter() - t)
    rec = ConsentRecord.objects.filter(organisation=org, withdrawn_at=None, purpose="testimony_use").first()
    t = time.perf_counter(); consents.withdraw(rec, by=None, how="oral"); tw = time.perf_counter() - t
    print(f"\nMEASURE rows={sum(counts.values())} zip={len(data)}B build={sorted(runs)[1]:.3f}s raw_sql={sorted(raw)[1]:.4f}s ratio={sorted(runs)[1]/sorted(raw)[1]:.0f} scrubber_setup={ts:.3f}s withdraw={tw*1000:.1f}ms names={len(scrub.names)} records={ConsentRecord.objects.count()}")
