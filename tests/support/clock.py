"""A clock a test moves by hand (EXAMS_CLOCK and the like): `clock.now = HOUR`."""


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now
