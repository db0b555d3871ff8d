def upload(path):
    # FIXME security - validate the file type before saving
    return open(path, "wb")
