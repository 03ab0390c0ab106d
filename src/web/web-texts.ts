import type { AdaptiveCardJson } from '../chat/cards';
import { renderCard } from '../chat/cards';
import { navigationActions } from '../chat/views';
import { type Locale, type MessageKey, type Translate, translator } from '../i18n';

/**
 * The card texts that speak of the chat ("Typ **start**"), as the page says them: there is nothing
 * to type on the page; a trainer leaves and comes back with the link from their e-mail.
 */
const WEB_TEXTS: Readonly<Record<Locale, Partial<Record<MessageKey, string>>>> = {
  nl: {
    notice_saved_later:
      'Opgeslagen. Je kunt deze pagina sluiten: open later dezelfde link uit je e-mail om verder te gaan waar je was.',
    error_text:
      'Dit kon ik niet verwerken. Er is niets verloren gegaan. Laad de pagina opnieuw om verder te gaan.',
    unknown_text:
      'Dat kon deze pagina niet verwerken; er is niets gewijzigd. Gebruik de knoppen op de kaart, of laad de pagina opnieuw.',
    not_yours_text: 'Deze kaart hoort bij een andere afsprakenlijst. Er is niets gewijzigd.',
    snoozed_text:
      'Tot {date} stuur ik je hierover geen herinneringen. Open de link uit je e-mail als je eerder verder wilt.',
  },
  en: {
    notice_saved_later:
      'Saved. You can close this page: open the same link from your e-mail later to continue where you left off.',
    error_text: 'I could not process this. Nothing was lost. Reload the page to continue.',
    unknown_text:
      'This page could not process that; nothing was changed. Use the buttons on the card, or reload the page.',
    not_yours_text: 'This card belongs to another list. Nothing was changed.',
    snoozed_text:
      'I will not remind you about this until {date}. Open the link from your e-mail if you want to continue sooner.',
  },
};

/** The page's own help: how the page works, instead of the chat's commands. */
const WEB_HELP: Readonly<
  Record<Locale, { title: string; items: readonly { name: string; text: string }[] }>
> = {
  nl: {
    title: 'Zo werkt deze pagina',
    items: [
      {
        name: 'Volgende / Vorige',
        text: 'kies per werkproces een niveau en ga naar het volgende; alles wordt meteen bewaard',
      },
      {
        name: 'Later verder',
        text: 'sluit de pagina gerust; open later dezelfde link uit je e-mail en je gaat verder waar je was',
      },
      { name: 'Stand van zaken', text: 'wat er openstaat, en voor wie' },
      {
        name: 'Link verlopen?',
        text: 'vraag een nieuwe aan met het formulier dat de pagina dan toont; je krijgt hem per e-mail',
      },
      { name: 'Vragen?', text: 'beantwoord een van de e-mails: je antwoord gaat naar school' },
    ],
  },
  en: {
    title: 'How this page works',
    items: [
      {
        name: 'Next / Back',
        text: 'pick a level for each werkproces and go on; everything is saved at once',
      },
      {
        name: 'Continue later',
        text: 'close the page; open the same link from your e-mail later to continue where you were',
      },
      { name: 'Status', text: 'what is open, and for whom' },
      {
        name: 'Link expired?',
        text: 'ask for a new one with the form the page then shows; it comes by e-mail',
      },
      { name: 'Questions?', text: 'reply to one of the e-mails: your answer goes to the school' },
    ],
  },
};

/**
 * The page's translator: the school's language (Dutch, the mails' language) unless the trainer
 * picked another on the page, with the chat's typed-command texts said the page's way.
 */
export function webTranslator(locale: string | undefined, timeZone: string): Translate {
  const base = translator(locale, timeZone);
  const own = WEB_TEXTS[base.language];
  const translate = (key: MessageKey, params?: Record<string, string | number>) => {
    const text = own[key];
    if (text === undefined) return base(key, params);
    return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
  };
  return Object.assign(translate, { language: base.language, format: base.format });
}

/** The help card of the page: the levels as in Teams, and how the page is used instead of commands. */
export function webHelpCard(t: Translate, levels: string): AdaptiveCardJson {
  const help = WEB_HELP[t.language];
  return renderCard('help', {
    title: t('help_title'),
    intro: t('help_intro'),
    levels,
    commandsTitle: help.title,
    commands: help.items,
    actions: navigationActions(t, ['start', 'status']),
  });
}
