var e=null;function t(){return e}function n(t){e=t}function r(){e=null}var i=[`MODERATOR`,`ADMIN`];function a(e){return i.includes(e)}function o(e,t={},...n){let r=document.createElement(e);for(let[e,n]of Object.entries(t))n!==void 0&&n!==!1&&r.setAttribute(e,n===!0?``:n);for(let e of n)e!=null&&e!==!1&&r.append(e);return r}function s(e,...t){e.replaceChildren(...t)}function c({session:e,onSignOut:t}){let{viewer:n}=e,r=o(`button`,{type:`button`,class:`secondary`},`Sign out`);return r.addEventListener(`click`,t),o(`section`,{class:`card home`,"data-user-id":n.id,"data-role":n.role},o(`p`,{class:`signed-in`},`Signed in as ${n.username} (${n.role})`),n.displayName?o(`p`,{class:`muted`},n.displayName):null,o(`p`,{},`Explore the API in the `,o(`a`,{href:`/graphql`,target:`_blank`,rel:`noopener`},`GraphQL IDE`),`. Paste the header `,o(`code`,{},`Authorization: Bearer <token>`),` to act as yourself.`),r)}function l(e){return/^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(e)?.[1]}var u={network:`NETWORK_ERROR`,badResponse:`BAD_RESPONSE`,noData:`NO_DATA`},d=class extends Error{code;errors;status;constructor(e,t){super(e),this.name=`GraphQLRequestError`,this.code=t.code,this.errors=t.errors??[],this.status=t.status}};async function f(e,t,n={}){let r={"content-type":`application/json`,accept:`application/graphql-response+json, application/json;q=0.9`};n.token&&(r.authorization=`Bearer ${n.token}`);let i=e.toString(),a;try{a=await fetch(n.endpoint??`/graphql`,{method:`POST`,headers:r,credentials:`same-origin`,body:JSON.stringify({query:i,operationName:l(i),variables:t}),signal:n.signal})}catch(e){throw new d(`Cannot reach the server: ${e.message}`,{code:u.network})}let o;try{o=await a.json()}catch{throw new d(`Unexpected response from the server (HTTP ${a.status})`,{code:u.badResponse,status:a.status})}if(o.errors&&o.errors.length>0){let e=o.errors[0];throw new d(e.message,{code:typeof e.extensions?.code==`string`?e.extensions.code:void 0,errors:o.errors,status:a.status})}if(o.data==null)throw new d(`The server returned no data (HTTP ${a.status})`,{code:u.noData,status:a.status});return o.data}var p=class extends String{__apiType;value;__meta__;constructor(e,t){super(e),this.value=e,this.__meta__=t}toString(){return this.value}},m={"\n  mutation AdminLogin($login: String!, $password: String!) {\n    login(input: { login: $login, password: $password }) {\n      accessToken\n      refreshToken\n      user {\n        id\n        username\n        role\n      }\n    }\n  }\n":new p(`
    mutation AdminLogin($login: String!, $password: String!) {
  login(input: {login: $login, password: $password}) {
    accessToken
    refreshToken
    user {
      id
      username
      role
    }
  }
}
    `),"\n  query AdminMe {\n    me {\n      id\n      username\n      displayName\n      role\n    }\n  }\n":new p(`
    query AdminMe {
  me {
    id
    username
    displayName
    role
  }
}
    `)};function h(e){return m[e]??{}}var g=h(`
  mutation AdminLogin($login: String!, $password: String!) {
    login(input: { login: $login, password: $password }) {
      accessToken
      refreshToken
      user {
        id
        username
        role
      }
    }
  }
`),_=h(`
  query AdminMe {
    me {
      id
      username
      displayName
      role
    }
  }
`),v=`ROLE_NOT_ALLOWED`,y=`This console is for moderators and administrators.`;function b({onSignedIn:e}){let t=o(`input`,{id:`login`,name:`login`,type:`text`,autocomplete:`username`,autocapitalize:`none`,spellcheck:`false`,required:!0}),i=o(`input`,{id:`password`,name:`password`,type:`password`,autocomplete:`current-password`,required:!0}),s=o(`button`,{type:`submit`,class:`primary`},`Sign in`),c=o(`p`,{class:`form-error`,role:`alert`,"aria-live":`assertive`,hidden:!0}),l=(e,t)=>{c.textContent=e,t?c.dataset.errorCode=t:delete c.dataset.errorCode,c.hidden=!1},u=()=>{c.textContent=``,delete c.dataset.errorCode,c.hidden=!0},p=o(`form`,{class:`card login-form`,"aria-labelledby":`login-heading`,novalidate:!1},o(`h2`,{id:`login-heading`},`Sign in`),o(`label`,{for:`login`},`Email or username`),t,o(`label`,{for:`password`},`Password`),i,c,s);return p.addEventListener(`submit`,o=>{o.preventDefault(),(async()=>{u(),s.disabled=!0,p.setAttribute(`aria-busy`,`true`);try{let{login:o}=await f(g,{login:t.value.trim(),password:i.value}),{me:s}=await f(_,{},{token:o.accessToken});if(!s){r(),l(`The server did not return the signed-in user.`,`NO_VIEWER`);return}if(!a(s.role)){r(),l(y,v);return}n({accessToken:o.accessToken,refreshToken:o.refreshToken,viewer:s}),i.value=``,e()}catch(e){r(),e instanceof d?l(e.message,e.code):l(String(e),void 0)}finally{s.disabled=!1,p.removeAttribute(`aria-busy`)}})()}),queueMicrotask(()=>t.focus()),p}function x(e){let n=()=>{let i=t();i?s(e,c({session:i,onSignOut:()=>{r(),n()}})):s(e,b({onSignedIn:n}))};n()}var S=document.getElementById(`app`);if(!S)throw Error(`#app element missing from index.html`);x(S);