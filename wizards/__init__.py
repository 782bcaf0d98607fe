from . import vip_marketing_message
from . import vip_gate_check
from . import vip_identity_check
from . import vip_holiday_import
from . import vip_loyalty_redeem_wizard
from . import vip_archive_leaving
from . import vip_loyalty_freeze_wizard
from . import vip_pii_anonymise_wizard
