/** Entry of the `panel-ui` resource (manifest.yml: jira:issuePanel, render: native). */
import React from 'react';
import ForgeReconciler from '@forge/react';
import { App } from './App';

ForgeReconciler.render(
  <React.StrictMode>
    <App />
  </React.StrictMode>,
);
