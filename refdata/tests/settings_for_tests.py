"""The project settings with refdata installed, for running refdata's tests before the app
is in INSTALLED_APPS: pytest refdata --ds=refdata.tests.settings_for_tests"""

from ipcounty.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "refdata"]  # noqa: F405
if "refdata" in INSTALLED_APPS[:-1]:  # the lead has added it already
    INSTALLED_APPS = INSTALLED_APPS[:-1]
