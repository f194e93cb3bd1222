import type { Notifier, NotifierFactory } from '../../app/alerting/notifier.port.ts';
import type { Receiver } from '../../domain/catalogue.ts';
import { validationError } from '../../domain/errors.ts';
import { createAlertmanagerNotifier } from './alertmanager.notifier.ts';
import type { HttpDeliveryDeps } from './http-delivery.ts';
import { createPagerDutyNotifier } from './pagerduty.notifier.ts';
import { createSlackNotifier } from './slack.notifier.ts';
import { createWebhookNotifier } from './webhook.notifier.ts';

/** One notifier per receiver kind, picked by the kind. Throws a validation KeptError for a receiver it cannot serve. */
export function createNotifierFactory(deps: HttpDeliveryDeps): NotifierFactory {
  return (receiver: Receiver): Notifier => {
    let protocol: string;
    try {
      protocol = new URL(receiver.url).protocol;
    } catch {
      throw validationError('notifier.url', `receiver "${receiver.name}" has a URL that does not parse`);
    }
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw validationError('notifier.url', `receiver "${receiver.name}" needs an http or https URL, not ${protocol}`);
    }
    switch (receiver.kind) {
      case 'alertmanager':
        return createAlertmanagerNotifier(receiver, deps);
      case 'pagerduty':
        return createPagerDutyNotifier(receiver, deps);
      case 'slack':
        return createSlackNotifier(receiver, deps);
      case 'webhook':
        return createWebhookNotifier(receiver, deps);
    }
  };
}
