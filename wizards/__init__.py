from . import vip_marketing_message
