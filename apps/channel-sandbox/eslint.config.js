import base from '@repay/eslint-config/base';

export default base;
