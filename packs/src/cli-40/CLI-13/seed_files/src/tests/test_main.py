def test_main():
    # TODO: real test
    assert True
