"""The inspiration list's pagination says "Næste side", not "Næste skridt" (the dashboard's
"Next" step): the two share an English word and are told apart by their context."""


def test_the_inspiration_lists_pagination_reads_next_page_in_danish(client, db):
    from inspiration.views import PAGE_SIZE
    from tests import factories

    for _ in range(PAGE_SIZE + 1):
        factories.ExampleFactory()
    html = client.get("/inspiration/").content.decode()
    assert 'rel="next">Næste side</a>' in html
    assert "Næste skridt" not in html
    html = client.get("/inspiration/?page=2").content.decode()
    assert 'rel="prev">Forrige side</a>' in html
    assert 'rel="prev">Previous</a>' in client.get("/en/inspiration/?page=2").content.decode()
