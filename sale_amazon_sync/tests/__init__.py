from . import test_account
from . import test_linking
from . import test_marketplaces
from . import test_order_import
from . import test_spapi_client
from . import test_security
