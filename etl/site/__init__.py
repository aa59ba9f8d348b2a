"""A static, offline release site built from the published files alone (`make site`)."""
