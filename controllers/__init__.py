from . import vip_unsubscribe
from . import helpdesk
from . import vip_archive
from . import vip_kiosk
