from . import controllers
from . import models
from . import reports
from . import wizards


def post_init_hook(env):
    # Issue 21: the visibility tables behind the reception and customer rules.
    from .models import vip_visibility

    vip_visibility.install(env.cr)


def uninstall_hook(env):
    from .models import vip_visibility

    vip_visibility.uninstall(env.cr)
