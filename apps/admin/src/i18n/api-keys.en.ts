// The API keys page in English (spread into en.ts).
import type { apiKeysZhCN } from './api-keys.zh-CN';

export const apiKeysEn: Record<keyof typeof apiKeysZhCN, string> = {
  'menu.apiKeys': 'API keys',
  'apiKeys.title': 'API keys',
  'apiKeys.intro':
    'Upstream systems sign their REST calls with an API key. Each key is limited to funders and scopes; its secret is shown only when it is created or rotated.',
  'apiKeys.empty': 'No API keys',
  'apiKeys.keyId': 'Key ID',
  'apiKeys.name': 'Name',
  'apiKeys.nameHelp': 'The upstream system using it, e.g. "loan origination"',
  'apiKeys.status': 'Status',
  'apiKeys.scopes': 'Scopes',
  'apiKeys.funders': 'Funders',
  'apiKeys.allFunders': 'All funders',
  'apiKeys.someFunders': 'Some funders',
  'apiKeys.allFundersHelp': 'Funders added later included',
  'apiKeys.fundersRequired': 'Choose at least one funder',
  'apiKeys.scopesRequired': 'Choose at least one scope',
  'apiKeys.lastUsed': 'Last used',
  'apiKeys.never': 'Never',
  'apiKeys.previousUntil': 'Old secret valid until {time}',
  'apiKeys.create': 'New key',
  'apiKeys.created': 'Key {key} created',
  'apiKeys.reason': 'Reason (kept in the audit log)',
  'apiKeys.revoke': 'Revoke',
  'apiKeys.revokeTitle': 'Revoke key {key}',
  'apiKeys.revokeHelp':
    'The key stops working at once, including an old secret still in its grace period. This cannot be undone.',
  'apiKeys.revoked': 'Key revoked',
  'apiKeys.rotate': 'Rotate',
  'apiKeys.rotateTitle': 'Rotate key {key}',
  'apiKeys.rotateHelp':
    'Makes a new secret; the old one keeps working during the grace period so the upstream system can switch over. With 0 hours it stops at once.',
  'apiKeys.graceHours': 'Grace period (hours)',
  'apiKeys.secretTitle': 'Secret (shown only now)',
  'apiKeys.secretHelp':
    'Copy it now and hand it to the upstream system over a safe channel. It cannot be shown again; if it is lost, rotate the key.',
  'apiKeys.secret': 'Secret',
  'enum.apiKeyStatus.active': 'Active',
  'enum.apiKeyStatus.revoked': 'Revoked',
  'enum.apiScope.loans:write': 'Loan intake',
  'enum.apiScope.loans:read': 'Read loans',
  'enum.apiScope.collections:write': 'Collections',
  'enum.apiScope.cards:write': 'Cards',
  'enum.apiScope.transfers:write': 'Asset transfers',
  'enum.apiScope.payouts:write': 'Payouts (reserved)',
} as const;
