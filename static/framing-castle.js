// The framed castle page reports every click to the page around it (the clickjacking sandbox),
// which checks that the message comes from this frame's window.
'use strict';
document.addEventListener('click', (event) => {
  const onButton = event.target instanceof Element && event.target.closest('#gold');
  parent.postMessage(onButton ? 'dragonproof-castle:gold' : 'dragonproof-castle:missed', '*');
});
