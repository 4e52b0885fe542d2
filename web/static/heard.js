// Loaded at the top of <body>, before anything is drawn: GOV.UK Frontend styles components
// for JavaScript when these classes are on <body>. An external file, as the Content Security
// Policy allows no inline script.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
