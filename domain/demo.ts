/**
 * The demo organization an out-of-the-box install creates, and whose inboxes the provider simulators
 * serve (its VKN is the customer VKN of every demo invoice). The VKN has a valid check digit.
 */
export const DEMO_ORGANIZATION = { name: 'Örnek Enerji ve Lojistik A.Ş.', vkn: '4810173324' } as const;
