import base from '@repay/eslint-config/base';

export default [...base, { ignores: ['.next/**', 'next-env.d.ts'] }];
