from . import test_identity_validation
from . import test_pii_masking
from . import test_record_rules
from . import test_consent
from . import test_settings
from . import test_tour_customer
