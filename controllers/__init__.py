from . import vip_unsubscribe
