from . import amazon_recover_order
