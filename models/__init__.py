from . import res_company
from . import res_config_settings
from . import vip_identity_mixin
from . import res_partner
