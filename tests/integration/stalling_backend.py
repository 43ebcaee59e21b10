"""A file email backend that hangs, once, before it writes a message: a mail server that
stalls mid-send. The stall is armed by a file named in STALL_ONCE_FILE; the first send
that takes it (an atomic rename to ".taken") writes nothing and waits forever."""

import os
import time

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class EmailBackend(FileBackend):
    def send_messages(self, email_messages):
        armed = os.environ.get("STALL_ONCE_FILE", "")
        if armed:
            try:
                os.rename(armed, armed + ".taken")
            except FileNotFoundError:
                pass
            else:
                while True:
                    time.sleep(1)
        return super().send_messages(email_messages)
