import re
from demo_people import COORDINATION
from test_community import COMMUNITY, partner  # noqa

def test_dbg(client_of):
    r = client_of(COORDINATION).post(COMMUNITY, partner())
    t = r.content.decode()
    print("ERRS", re.findall(r'<li>[^<]{0,200}</li>', t)[:15])
    print("ALERT", re.findall(r'alert[^>]*>(.{0,600})', t, re.S)[:3])
