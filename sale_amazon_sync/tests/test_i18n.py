"""The translations: the template holds exactly the terms Odoo finds in the addon, each
language translates every one of them, and Odoo loads them."""
import re
from os.path import join

import polib

from odoo.modules.module import get_module_path
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader, code_translations

MODULE = "sale_amazon_sync"
LANGUAGES = {"de": "de_DE", "es": "es_ES", "fr": "fr_FR", "it": "it_IT"}
# %s, %(name)s, %d... and {name}: what a translation must keep of its source.
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[-+ #0]*\d*(?:\.\d+)?[sdfgr]|\{\w*\}")


def po_file(name):
    return polib.pofile(join(get_module_path(MODULE), "i18n", name))




@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = {entry.msgid for entry in po_file(f"{MODULE}.pot")}

    def assertNoTerms(self, terms, what):
        if terms:
            self.fail(f"{what}, {len(terms)} terms: " + "; ".join(sorted(terms)[:5]))

    def test_template_holds_exactly_the_terms_of_the_addon(self):
        terms = {source for _module, _type, _name, _res_id, source, _value, _comments
                 in TranslationModuleReader(self.env.cr, modules=[MODULE]) if source}
        self.assertNoTerms(terms - self.template, "not in the .pot (export it again)")
        self.assertNoTerms(self.template - terms, "stale in the .pot (export it again)")

    def test_each_language_translates_every_term_of_the_template(self):
        for lang in LANGUAGES:
            with self.subTest(lang=lang):
                entries = [entry for entry in po_file(f"{lang}.po") if not entry.obsolete]
                msgids = {entry.msgid for entry in entries}
                self.assertNoTerms(self.template - msgids, "missing")
                self.assertNoTerms(msgids - self.template, "stale")
                untranslated = {e.msgid for e in entries if not e.msgstr or "fuzzy" in e.flags}
                self.assertNoTerms(untranslated, "untranslated")
                broken = {e.msgid for e in entries if sorted(PLACEHOLDER.findall(e.msgid))
                          != sorted(PLACEHOLDER.findall(e.msgstr))}
                self.assertNoTerms(broken, "placeholders changed")

    def test_each_language_loads_into_labels_menus_and_messages(self):
        field = self.env["ir.model.fields"]._get("amazon.account", "buyer_data_retention_days")
        menu = self.env.ref(f"{MODULE}.amazon_account_menu")
        message = "Link the Amazon account again"
        self.assertIn(message, self.template, "a message of the code, raised to users")
        for lang, code in LANGUAGES.items():
            with self.subTest(lang=lang):
                translated = {e.msgid: e.msgstr for e in po_file(f"{lang}.po")}
                self.env["res.lang"]._activate_lang(code)
                self.env["ir.module.module"]._load_module_terms([MODULE], [code], overwrite=True)
                self.assertEqual(field.with_context(lang=code).field_description,
                                 translated[field.with_context(lang="en_US").field_description])
                self.assertEqual(menu.with_context(lang=code).name, translated[menu.name])
                self.assertEqual(code_translations.get_python_translations(MODULE, code)[message],
                                 translated[message])
