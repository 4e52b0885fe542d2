// Starts GOV.UK Frontend's components (error summary focus, character counts, skip link).
import { initAll } from './govuk-frontend.min.js'
initAll()
