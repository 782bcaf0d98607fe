from . import vip_unsubscribe
from . import helpdesk
from . import vip_archive
from . import portal
from . import vip_portal_complaint
from . import vip_kiosk
